/**
 * Socket transport: devices in separate host processes, over TCP on 127.0.0.1. Each device listens on a port and
 * dials the devices it is told about; a connection starts with a hello frame naming the device, then carries
 * length-prefixed frames. Bytes are opaque here: authentication and replay protection live in app-channel.ts.
 */
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { NetworkEvents, type DistributedNetwork, type PeerChange, type PeerInfo } from './network.js';

const FRAME_HELLO = 1;
const FRAME_DATA = 2;
/** A frame bigger than this is a broken or hostile peer; the connection is dropped. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export interface SocketNetworkOptions {
  local: PeerInfo;
  /** 0 (default) picks a free port. */
  port?: number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

interface Link {
  peer: PeerInfo;
  socket: Socket;
}

export class SocketNetwork implements DistributedNetwork {
  readonly local: PeerInfo;
  private readonly events = new NetworkEvents();
  private readonly links = new Map<string, Link>();
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private closed = false;
  private readonly log: NonNullable<SocketNetworkOptions['log']>;

  private constructor(options: SocketNetworkOptions) {
    this.local = options.local;
    this.log = options.log ?? (() => {});
  }

  /** Starts listening on 127.0.0.1. */
  static async listen(options: SocketNetworkOptions): Promise<SocketNetwork> {
    const net = new SocketNetwork(options);
    const server = createServer((socket) => net.adopt(socket));
    net.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return net;
  }

  get port(): number {
    const addr = this.server?.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  }

  /** Dials another device's host; resolves with the peer once its hello arrived, rejects if the socket ends first. */
  connect(port: number, host = '127.0.0.1'): Promise<PeerInfo> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ port, host });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        // A peer that goes before its hello (its worker restarted, it refused us) must not leave the dial pending for
        // good: the dialler would never try that device again.
        socket.once('close', () => reject(new Error(`superdevice: port ${port} closed before its hello`)));
        this.adopt(socket, resolve);
      });
    });
  }

  peers(): PeerInfo[] {
    return [...this.links.values()].map((l) => l.peer);
  }

  send(peerId: string, bytes: Uint8Array): void {
    const link = this.links.get(peerId);
    if (link && !link.socket.destroyed) writeFrame(link.socket, FRAME_DATA, bytes);
  }

  onMessage(listener: (from: string, bytes: Uint8Array) => void): () => void {
    return this.events.onMessage(listener);
  }

  onPeerChange(listener: (change: PeerChange) => void): () => void {
    return this.events.onPeerChange(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server?.close();
    for (const s of this.sockets) s.destroy();
    this.links.clear();
    this.events.clear();
  }

  private adopt(socket: Socket, onHello?: (peer: PeerInfo) => void): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.setNoDelay(true);
    writeFrame(socket, FRAME_HELLO, new TextEncoder().encode(JSON.stringify(this.local)));
    let peer: PeerInfo | undefined;
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      while (buffer.length >= 5) {
        const len = buffer.readUInt32BE(0);
        if (len > MAX_FRAME_BYTES) {
          this.log('warn', `superdevice: dropping connection: frame of ${len} bytes exceeds the limit`);
          socket.destroy();
          return;
        }
        if (buffer.length < 4 + len) break;
        const type = buffer[4];
        const payload = buffer.subarray(5, 4 + len);
        buffer = buffer.subarray(4 + len);
        if (type === FRAME_HELLO && !peer) {
          const hello = parseHello(payload);
          if (!hello || hello.deviceId === this.local.deviceId) {
            this.log('warn', 'superdevice: dropping connection: malformed hello');
            socket.destroy();
            return;
          }
          if (this.links.has(hello.deviceId)) {
            // Both sides dialled each other: both ends keep the connection dialled by the lower device id.
            const keepNew = this.local.deviceId < hello.deviceId ? !!onHello : !onHello;
            if (!keepNew) {
              onHello?.(hello);
              socket.destroy();
              return;
            }
            const old = this.links.get(hello.deviceId)!;
            this.links.delete(hello.deviceId);
            old.socket.destroy();
            peer = hello;
            this.links.set(hello.deviceId, { peer: hello, socket });
            onHello?.(hello);
            return;
          }
          peer = hello;
          this.links.set(hello.deviceId, { peer: hello, socket });
          this.events.emitPeerChange({ kind: 'join', peer: hello });
          onHello?.(hello);
        } else if (type === FRAME_DATA && peer) {
          this.events.emitMessage(peer.deviceId, Uint8Array.from(payload));
        } else {
          this.log('warn', `superdevice: dropping connection: unexpected frame type ${type}`);
          socket.destroy();
          return;
        }
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (peer && this.links.get(peer.deviceId)?.socket === socket) {
        this.links.delete(peer.deviceId);
        if (!this.closed) this.events.emitPeerChange({ kind: 'leave', peer });
      }
    });
  }
}

function writeFrame(socket: Socket, type: number, payload: Uint8Array): void {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(payload.length + 1, 0);
  header[4] = type;
  socket.write(Buffer.concat([header, payload]));
}

function parseHello(payload: Uint8Array): PeerInfo | undefined {
  try {
    const h = JSON.parse(new TextDecoder().decode(payload)) as PeerInfo;
    if (typeof h.deviceId === 'string' && h.deviceId && typeof h.deviceName === 'string' && typeof h.deviceType === 'string') {
      return { deviceId: h.deviceId, deviceName: h.deviceName, deviceType: h.deviceType };
    }
  } catch {}
  return undefined;
}

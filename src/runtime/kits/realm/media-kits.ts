/**
 * Media in the app realm (evaluated from source; see core.ts): `image` (ImageSource / PixelMap / ImagePacker, pixels
 * kept on the device, media-host.ts), `photoAccessHelper` and the pickers over the device's photo folder, and the
 * hardware an emulated device does not have — camera, audio output/input, video playback — answering as a device
 * without that hardware does: the platform's error codes, never a crash.
 */
export function installMediaKits(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const m = (op: string, d?: any) => rt.kitCall('media.' + op, d ?? {});
  const resolved = (v?: any) => Promise.resolve(v);
  const bytesOf = (v: any): Uint8Array | undefined => (v instanceof Uint8Array ? v : v instanceof ArrayBuffer ? new Uint8Array(v) : undefined);

  // ---- image ----
  const PixelMapFormat = { UNKNOWN: 0, ARGB_8888: 1, RGB_565: 2, RGBA_8888: 3, BGRA_8888: 4, RGB_888: 5, ALPHA_8: 6, RGBA_F16: 7, NV21: 8, NV12: 9 };
  class PixelMap {
    isEditable = true; isStrideAlignment = false;
    constructor(private id: number, private w: number, private h: number, private released = false) {
      // What the renderer reads (own data; enumerable, as the host sees a snapshot of the UI tree's values): an Image
      // showing this map draws its pixels (device.ts).
      Object.defineProperty(this, '__hmosPixelMap', { value: id, enumerable: true });
    }
    private live() { if (this.released) throw err(62980096, 'The operation failed: the PixelMap was released.'); return this.id; }
    getImageInfoSync() { this.live(); return { size: { width: this.w, height: this.h }, density: 160, stride: this.w * 4, pixelFormat: PixelMapFormat.RGBA_8888, alphaType: 3, mimeType: 'image/png', isHdr: false }; }
    getImageInfo(cb?: any) { return rt.asyncApi(() => this.getImageInfoSync(), cb); }
    getPixelBytesNumber() { this.live(); return this.w * this.h * 4; }
    getBytesNumberPerRow() { this.live(); return this.w * 4; }
    readPixelsToBufferSync(dst: ArrayBuffer) {
      const b = rt.base64.decode(m('read', { id: this.live() }));
      if (!(dst instanceof ArrayBuffer) || dst.byteLength < b.length) throw err(62980115, 'Invalid image parameter: the buffer is smaller than the PixelMap.');
      new Uint8Array(dst).set(b);
    }
    readPixelsToBuffer(dst: ArrayBuffer, cb?: any) { return rt.asyncApi(() => this.readPixelsToBufferSync(dst), cb); }
    writeBufferToPixelsSync(src: ArrayBuffer) { const b = bytesOf(src); if (!b) throw paramErr('The type of "src" must be ArrayBuffer.'); m('write', { id: this.live(), b64: rt.base64.encode(b, 0) }); }
    writeBufferToPixels(src: ArrayBuffer, cb?: any) { return rt.asyncApi(() => this.writeBufferToPixelsSync(src), cb); }
    scaleSync(x: number, y: number) { if (typeof x !== 'number' || typeof y !== 'number' || !(x > 0) || !(y > 0)) throw paramErr('The scale factors must be positive numbers.'); const r = m('scale', { id: this.live(), x, y }); this.w = r.width; this.h = r.height; }
    scale(x: number, y: number, cb?: any) { return rt.asyncApi(() => this.scaleSync(x, y), cb); }
    cropSync(r: any) { const o = m('crop', { id: this.live(), x: r?.x, y: r?.y, width: r?.size?.width, height: r?.size?.height }); this.w = o.width; this.h = o.height; }
    crop(r: any, cb?: any) { return rt.asyncApi(() => this.cropSync(r), cb); }
    rotateSync() {} rotate(_a: number, cb?: any) { return rt.asyncApi(() => undefined, cb); } flipSync() {} flip(_h: boolean, _v: boolean, cb?: any) { return rt.asyncApi(() => undefined, cb); }
    opacitySync() {} opacity(_a: number, cb?: any) { return rt.asyncApi(() => undefined, cb); } setColorSpace() {} getColorSpace() { return undefined; }
    release(cb?: any) { return rt.asyncApi(() => { if (!this.released) { this.released = true; m('release', { id: this.id }); } }, cb); }
    /** The device's handle of these pixels (hmos: lets the renderer and ImagePacker find them). */
    get __hmosPixelMapId() { return this.id; }
  }
  class ImageSource {
    supportedFormats = ['image/png', 'image/jpeg'];
    constructor(private id: number, private info: any, private released = false) {}
    private live() { if (this.released) throw err(62980096, 'The operation failed: the ImageSource was released.'); return this.id; }
    getImageInfoSync() { this.live(); return { size: { width: this.info.width, height: this.info.height }, density: 160, stride: this.info.width * 4, pixelFormat: 3, alphaType: 3, mimeType: this.info.mime, isHdr: false }; }
    getImageInfo(a?: any, b?: any) { return rt.asyncApi(() => this.getImageInfoSync(), typeof a === 'function' ? a : b); }
    createPixelMapSync(o?: any) { const r = m('decode', { id: this.live(), width: o?.desiredSize?.width, height: o?.desiredSize?.height }); return new PixelMap(r.id, r.width, r.height); }
    createPixelMap(o?: any, cb?: any) { return rt.asyncApi(() => this.createPixelMapSync(typeof o === 'function' ? undefined : o), typeof o === 'function' ? o : cb); }
    getImageProperty(key: string, o?: any) { return rt.asyncApi(() => { void o; if (key === 'ImageWidth') return String(this.info.width); if (key === 'ImageLength') return String(this.info.height); throw err(62980111, `The image source data is incomplete: no property ${key}.`); }); }
    getImagePropertySync(key: string) { if (key === 'ImageWidth') return String(this.info.width); if (key === 'ImageLength') return String(this.info.height); return ''; }
    modifyImageProperty() { return Promise.reject(err(62980146, 'The image does not support EXIF editing on an emulated device.')); }
    getFrameCount() { return resolved(1); }
    release(cb?: any) { return rt.asyncApi(() => { if (!this.released) { this.released = true; m('sourceRelease', { id: this.id }); } }, cb); }
  }
  const createImageSource = (src: any, _opts?: any) => {
    const bytes = bytesOf(src);
    let r: any;
    try {
      if (bytes) r = m('source', { b64: rt.base64.encode(bytes, 0) });
      else if (typeof src === 'string') r = m('source', { uri: src.startsWith('file://') ? src : undefined, path: src.startsWith('file://') ? undefined : src });
      else if (typeof src === 'number') throw err(62980096, 'The operation failed: file descriptors are not images on an emulated device; pass a path, a URI or the bytes.');
      else if (src && typeof src === 'object' && 'fd' in src) throw err(62980096, 'The operation failed: raw file descriptors are not images on an emulated device; use getRawFileContent bytes.');
      else throw paramErr('The type of "src" must be string, ArrayBuffer or RawFileDescriptor.');
    } catch (e: any) {
      // The platform answers a source it cannot open with undefined, and errors when it is used.
      if (e?.code === 401) throw e;
      rt.call('log', { level: 'W', tag: 'Image', message: `createImageSource: ${e?.message ?? e}` });
      return undefined;
    }
    return new ImageSource(r.id, r);
  };
  const createPixelMapSync = (colors: any, opts: any) => {
    const w = opts?.size?.width; const h = opts?.size?.height;
    const b = colors === undefined ? undefined : bytesOf(colors);
    const r = m('create', { width: w, height: h, b64: b ? rt.base64.encode(b, 0) : undefined });
    return new PixelMap(r.id, r.width, r.height);
  };
  class ImagePacker {
    supportedFormats = ['image/jpeg', 'image/png', 'image/webp'];
    packing(src: any, opts: any, cb?: any) { return rt.asyncApi(() => this.packSync(src, opts), cb); }
    packToData(src: any, opts: any) { return rt.asyncApi(() => this.packSync(src, opts)); }
    packSync(src: any, opts: any) {
      if (!(src instanceof PixelMap)) throw paramErr('The type of "source" must be PixelMap.');
      return rt.base64.decode(m('pack', { id: src.__hmosPixelMapId, format: opts?.format, quality: opts?.quality })).buffer;
    }
    release(cb?: any) { return rt.asyncApi(() => undefined, cb); }
  }
  const image = {
    PixelMapFormat, AlphaType: { UNKNOWN: 0, OPAQUE: 1, PREMUL: 2, UNPREMUL: 3 }, ScaleMode: { FIT_TARGET_SIZE: 0, CENTER_CROP: 1 }, ResolutionQuality: { LOW: 1, MEDIUM: 2, HIGH: 3 },
    PropertyKey: { IMAGE_WIDTH: 'ImageWidth', IMAGE_LENGTH: 'ImageLength', ORIENTATION: 'Orientation', DATE_TIME_ORIGINAL: 'DateTimeOriginal' },
    ImageFormat: { YCBCR_422_SP: 1000, JPEG: 2000 }, ComponentType: { YUV_Y: 1, YUV_U: 2, YUV_V: 3, JPEG: 4 }, DecodingDynamicRange: { AUTO: 0, SDR: 1, HDR: 2 },
    createImageSource, createPixelMapSync, createPixelMap: (colors: any, opts: any, cb?: any) => rt.asyncApi(() => createPixelMapSync(colors, opts), cb),
    createImagePacker: () => new ImagePacker(),
    createImageReceiver: () => { throw err(62980096, 'The operation failed: no camera stream to receive on an emulated device.'); },
    createPixelMapFromSurface: () => Promise.reject(err(62980115, 'Invalid image parameter: no surface on an emulated device.')),
    PixelMap, ImageSource,
  };
  rt.defineModule('@ohos.multimedia.image', () => image);

  // ---- photoAccessHelper and the pickers: the device's photo folder ----
  const PhotoViewMIMETypes = { IMAGE_TYPE: 'image/*', VIDEO_TYPE: 'video/*', IMAGE_VIDEO_TYPE: '*/*', MOVING_PHOTO_IMAGE_TYPE: 'image/movingPhoto', INVALID_TYPE: '' };
  class PhotoSelectOptions { MIMEType = PhotoViewMIMETypes.IMAGE_VIDEO_TYPE; maxSelectNumber = 50; isPhotoTakingSupported = true; isEditSupported = true; isSearchSupported = true; isOriginalSupported = false; recommendationOptions: any; preselectedUris: string[] = []; }
  class PhotoSelectResult { constructor(readonly photoUris: string[], readonly isOriginalPhoto = false) {} }
  const pick = (o: any) => {
    const type = o?.MIMEType === PhotoViewMIMETypes.VIDEO_TYPE ? 'video' : o?.MIMEType === PhotoViewMIMETypes.IMAGE_TYPE ? 'image' : 'all';
    return new PhotoSelectResult(m('pick', { max: o?.maxSelectNumber, type }));
  };
  class PhotoViewPicker { select(o?: any, cb?: any) { return rt.asyncApi(() => pick(typeof o === 'function' ? undefined : o), typeof o === 'function' ? o : cb); } save() { return Promise.reject(err(13900042, 'Unknown error: use photoAccessHelper.showAssetsCreationDialog or createAsset.')); } }
  const PhotoType = { IMAGE: 1, VIDEO: 2 };
  const PhotoKeys = { URI: 'uri', PHOTO_TYPE: 'media_type', DISPLAY_NAME: 'display_name', SIZE: 'size', DATE_ADDED: 'date_added', DATE_MODIFIED: 'date_modified', DURATION: 'duration',
    WIDTH: 'width', HEIGHT: 'height', DATE_TAKEN: 'date_taken', ORIENTATION: 'orientation', FAVORITE: 'is_favorite', TITLE: 'title', POSITION: 'position', DATE_TRASHED: 'date_trashed', HIDDEN: 'hidden' };
  const asset = (p: any) => ({
    uri: p.uri, photoType: p.photoType, displayName: p.displayName,
    get: (k: string) => ({ uri: p.uri, media_type: p.photoType, display_name: p.displayName, size: p.size, date_added: p.dateAdded, date_modified: p.dateAdded, title: p.displayName.replace(/\.[^.]+$/, '') } as Record<string, any>)[k],
    set() {}, commitModify: () => resolved(), getThumbnail: () => resolved(image.createImageSource(p.uri)?.createPixelMapSync({ desiredSize: { size: { width: 256, height: 256 } } })),
  });
  const fetchResult = (list: any[]) => {
    let i = 0;
    return { getCount: () => list.length, isAfterLast: () => i >= list.length, close() {}, getFirstObject: () => resolved(list[(i = 0)] ? asset(list[0]) : undefined),
      getNextObject: () => resolved(list[++i] ? asset(list[i]) : undefined), getLastObject: () => resolved(list.length ? asset(list[(i = list.length - 1)]) : undefined),
      getObjectByPosition: (n: number) => resolved(list[n] ? asset(list[n]) : undefined), getAllObjects: () => resolved(list.map(asset)) };
  };
  const photoAccessHelper = {
    PhotoViewMIMETypes, PhotoType, PhotoKeys, PhotoSubtype: { DEFAULT: 0, SCREENSHOT: 1, MOVING_PHOTO: 3, BURST: 4 }, AlbumType: { USER: 0, SYSTEM: 1024 },
    AlbumSubtype: { USER_GENERIC: 1, FAVORITE: 1025, VIDEO: 1026, IMAGE: 1031, ANY: 2147483647 }, PositionType: { LOCAL: 1, CLOUD: 2, LOCAL_AND_CLOUD: 3 },
    ResourceType: { IMAGE_RESOURCE: 1, VIDEO_RESOURCE: 2, PHOTO_PROXY: 3 }, DeliveryMode: { FAST_MODE: 0, HIGH_QUALITY_MODE: 1, BALANCE_MODE: 2 },
    PhotoSelectOptions, PhotoSelectResult, PhotoViewPicker, RecommendationType: { QR_OR_BAR_CODE: 1, QR_CODE: 2, BAR_CODE: 3, ID_CARD: 4, PROFILE_PICTURE: 5 },
    getPhotoAccessHelper: (_ctx: any) => ({
      getAssets: (_o: any, cb?: any) => rt.asyncApi(() => fetchResult(m('photos', { needPermission: true })), cb),
      getBurstAssets: () => resolved(fetchResult([])), getAlbums: () => resolved(fetchResult([])),
      createAsset: (a: any, b?: any, c?: any) => rt.asyncApi(() => { void a; void b; throw err(201, 'Permission denied: ohos.permission.WRITE_IMAGEVIDEO (use showAssetsCreationDialog or a SaveButton)'); }, typeof c === 'function' ? c : undefined),
      showAssetsCreationDialog: (srcUris: string[], cfgs: any[]) => rt.asyncApi(() => {
        if (!Array.isArray(srcUris) || !srcUris.length) throw paramErr('srcFileUris must be a non-empty array.');
        return srcUris.map((u: string, i: number) => m('savePhoto', { path: u.replace(/^file:\/\/[^/]*/, ''), title: cfgs?.[i]?.title, ext: cfgs?.[i]?.fileNameExtension }));
      }),
      registerChange() {}, unRegisterChange() {}, release: () => resolved(), applyChanges: () => resolved(),
    }),
    MediaAssetChangeRequest: class { static createImageAssetRequest(_c: any, uri: string) { return { uri, saveCameraPhoto() {}, addResource() {} }; } static deleteAssets() { return Promise.reject(err(201, 'Permission denied: ohos.permission.WRITE_IMAGEVIDEO')); } },
  };
  rt.defineModule('@ohos.file.photoAccessHelper', () => photoAccessHelper);
  class DocumentSelectOptions { maxSelectNumber = 1; defaultFilePathUri = ''; fileSuffixFilters: string[] = []; selectMode = 0; }
  class DocumentSaveOptions { newFileNames: string[] = []; defaultFilePathUri = ''; fileSuffixChoices: string[] = []; pickerMode = 0; }
  class DocumentViewPicker {
    constructor(_ctx?: any) {}
    select(_o?: any, cb?: any) { return rt.asyncApi(() => { rt.call('log', { level: 'I', tag: 'DocumentPicker', message: 'no documents to pick on an emulated device (cancelled)' }); return []; }, typeof _o === 'function' ? _o : cb); }
    save(o?: any, cb?: any) { return rt.asyncApi(() => (o?.newFileNames ?? []).map((n: string) => `file://docs/storage/Users/currentUser/Download/${String(n).replace(/[^\w.-]/g, '_')}`), typeof o === 'function' ? o : cb); }
  }
  class AudioViewPicker { constructor(_ctx?: any) {} select() { return resolved([]); } save() { return resolved([]); } }
  rt.defineModule('@ohos.file.picker', () => ({ PhotoViewMIMETypes, PhotoSelectOptions, PhotoSelectResult, PhotoViewPicker, DocumentSelectOptions, DocumentSaveOptions, DocumentViewPicker,
    AudioSelectOptions: class { maxSelectNumber = 1; }, AudioSaveOptions: class { newFileNames: string[] = []; }, AudioViewPicker, DocumentSelectMode: { FILE: 0, FOLDER: 1, MIXED: 2 }, DocumentPickerMode: { DEFAULT: 0, DOWNLOAD: 1 } }));

  // ---- hardware an emulated device does not have: camera, audio, video ----
  const noCamera = () => err(7400201, 'Camera service fatal error: an emulated device has no camera.');
  rt.defineModule('@ohos.multimedia.cameraPicker', () => ({
    PickerMediaType: { PHOTO: 'photo', VIDEO: 'video' }, PickerProfile: class { cameraPosition = 1; saveUri = ''; videoDuration = 0; },
    PickerResult: class { resultCode = -1; resultUri = ''; mediaType = 'photo'; },
    pick: (_ctx: any, types: any, _profile: any) => rt.asyncApi(() => { if (!Array.isArray(types)) throw paramErr('The type of "mediaTypes" must be Array<PickerMediaType>.'); return { resultCode: -1, resultUri: '', mediaType: types[0] ?? 'photo' }; }),
  }));
  rt.defineModule('@ohos.multimedia.camera', () => ({
    CameraPosition: { CAMERA_POSITION_UNSPECIFIED: 0, CAMERA_POSITION_BACK: 1, CAMERA_POSITION_FRONT: 2, CAMERA_POSITION_FOLD_INNER: 3 },
    CameraType: { CAMERA_TYPE_DEFAULT: 0, CAMERA_TYPE_WIDE_ANGLE: 1 }, SceneMode: { NORMAL_PHOTO: 1, NORMAL_VIDEO: 2 }, FlashMode: { FLASH_MODE_CLOSE: 0, FLASH_MODE_OPEN: 1, FLASH_MODE_AUTO: 2, FLASH_MODE_ALWAYS_OPEN: 3 },
    FocusMode: { FOCUS_MODE_MANUAL: 0, FOCUS_MODE_CONTINUOUS_AUTO: 1, FOCUS_MODE_AUTO: 2, FOCUS_MODE_LOCKED: 3 }, CameraErrorCode: { INVALID_ARGUMENT: 7400101, OPERATION_NOT_ALLOWED: 7400102, SESSION_NOT_CONFIG: 7400103, SESSION_NOT_RUNNING: 7400104, SERVICE_FATAL_ERROR: 7400201 },
    getCameraManager: (_ctx: any) => ({ getSupportedCameras: () => [], isCameraMuted: () => false, createCameraInput: () => { throw noCamera(); }, createPhotoOutput: () => { throw noCamera(); },
      createPreviewOutput: () => { throw noCamera(); }, createSession: () => { throw noCamera(); }, getSupportedOutputCapability: () => { throw noCamera(); }, on() {}, off() {}, isTorchSupported: () => false }),
  }));
  // Audio: enums as the platform's; renderers and capturers need an output/input device this one does not have.
  const noAudio = () => err(6800301, 'System error: an emulated device has no audio hardware.');
  const AudioSamplingRate: Record<string, number> = {}; for (const r of [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000, 176400, 192000]) AudioSamplingRate[`SAMPLE_RATE_${r}`] = r;
  const audio = {
    AudioSamplingRate, AudioChannel: { CHANNEL_1: 1, CHANNEL_2: 2, CHANNEL_3: 3, CHANNEL_4: 4, CHANNEL_5: 5, CHANNEL_6: 6, CHANNEL_7: 7, CHANNEL_8: 8 },
    AudioSampleFormat: { SAMPLE_FORMAT_INVALID: -1, SAMPLE_FORMAT_U8: 0, SAMPLE_FORMAT_S16LE: 1, SAMPLE_FORMAT_S24LE: 2, SAMPLE_FORMAT_S32LE: 3, SAMPLE_FORMAT_F32LE: 4 },
    AudioEncodingType: { ENCODING_TYPE_INVALID: -1, ENCODING_TYPE_RAW: 0 }, SourceType: { SOURCE_TYPE_INVALID: -1, SOURCE_TYPE_MIC: 0, SOURCE_TYPE_VOICE_RECOGNITION: 1, SOURCE_TYPE_VOICE_COMMUNICATION: 7, SOURCE_TYPE_VOICE_MESSAGE: 10, SOURCE_TYPE_CAMCORDER: 13 },
    StreamUsage: { STREAM_USAGE_UNKNOWN: 0, STREAM_USAGE_MUSIC: 1, STREAM_USAGE_VOICE_COMMUNICATION: 2, STREAM_USAGE_VOICE_ASSISTANT: 3, STREAM_USAGE_ALARM: 4, STREAM_USAGE_VOICE_MESSAGE: 5, STREAM_USAGE_RINGTONE: 6, STREAM_USAGE_NOTIFICATION: 7, STREAM_USAGE_ACCESSIBILITY: 8, STREAM_USAGE_MOVIE: 10, STREAM_USAGE_GAME: 11, STREAM_USAGE_AUDIOBOOK: 12, STREAM_USAGE_NAVIGATION: 13, STREAM_USAGE_VIDEO_COMMUNICATION: 17 },
    AudioState: { STATE_INVALID: -1, STATE_NEW: 0, STATE_PREPARED: 1, STATE_RUNNING: 2, STATE_STOPPED: 3, STATE_RELEASED: 4, STATE_PAUSED: 5 },
    AudioVolumeType: { VOICE_CALL: 0, RINGTONE: 2, MEDIA: 3, ALARM: 4, ACCESSIBILITY: 5, VOICE_ASSISTANT: 9, ALL: 100 }, AudioVolumeMode: { SYSTEM_GLOBAL: 0, APP_INDIVIDUAL: 1 },
    DeviceType: { INVALID: 0, EARPIECE: 1, SPEAKER: 2, WIRED_HEADSET: 3, WIRED_HEADPHONES: 4, BLUETOOTH_SCO: 7, BLUETOOTH_A2DP: 8, MIC: 15, USB_HEADSET: 22, DEFAULT: 1000 },
    CommunicationDeviceType: { SPEAKER: 2 }, InterruptForceType: { INTERRUPT_FORCE: 0, INTERRUPT_SHARE: 1 },
    InterruptHint: { INTERRUPT_HINT_NONE: 0, INTERRUPT_HINT_RESUME: 1, INTERRUPT_HINT_PAUSE: 2, INTERRUPT_HINT_STOP: 3, INTERRUPT_HINT_DUCK: 4, INTERRUPT_HINT_UNDUCK: 5 },
    InterruptMode: { SHARE_MODE: 0, INDEPENDENT_MODE: 1 }, AudioRendererRate: { RENDER_RATE_NORMAL: 0, RENDER_RATE_DOUBLE: 1, RENDER_RATE_HALF: 2 },
    createAudioRenderer: (opts: any, cb?: any) => rt.asyncApi(() => { if (!opts?.streamInfo) throw paramErr('The type of "options" must be AudioRendererOptions.'); throw noAudio(); }, cb),
    createAudioCapturer: (opts: any, cb?: any) => rt.asyncApi(() => {
      if (!opts?.streamInfo) throw paramErr('The type of "options" must be AudioCapturerOptions.');
      if (rt.kitCall('dev.perm.state', { name: 'ohos.permission.MICROPHONE' }) !== 0) throw err(201, 'Permission denied: ohos.permission.MICROPHONE');
      throw noAudio();
    }, cb),
    getAudioManager: () => ({
      getVolumeManager: () => ({ getVolumeGroupManager: () => resolved({ getVolume: () => resolved(0), getMaxVolume: () => resolved(15), getMinVolume: () => resolved(0), isMute: () => resolved(true), on() {}, off() {}, getSystemVolumeInDbSync: () => 0 }), on() {}, off() {} }),
      getRoutingManager: () => ({ getDevices: () => resolved([]), getDevicesSync: () => [], getPreferOutputDeviceForRendererInfo: () => resolved([]), on() {}, off() {}, setCommunicationDevice: () => Promise.reject(noAudio()), isCommunicationDeviceActive: () => resolved(false) }),
      getStreamManager: () => ({ getCurrentAudioRendererInfoArray: () => resolved([]), isActive: () => resolved(false), on() {}, off() {} }),
      getSessionManager: () => ({ activateAudioSession: () => Promise.reject(noAudio()), deactivateAudioSession: () => resolved(), isAudioSessionActivated: () => false, on() {}, off() {} }),
      getVolume: () => resolved(0), getMaxVolume: () => resolved(15), isMute: () => resolved(true), setAudioScene: () => resolved(), getAudioScene: () => resolved(0), on() {}, off() {},
    }),
  };
  rt.defineModule('@ohos.multimedia.audio', () => audio);
  const noMedia = () => err(5400106, 'Unsupport format: an emulated device has no media codecs or audio output.');
  const avPlayer = () => {
    const ls = new Map<string, any>();
    const p: any = { state: 'idle', url: undefined, fdSrc: undefined, loop: false, currentTime: 0, duration: -1, width: 0, height: 0, audioInterruptMode: 0, videoScaleType: 0, surfaceId: undefined,
      on: (t: string, cb: any) => { ls.set(t, cb); }, off: (t: string) => { ls.delete(t); },
      prepare: () => Promise.reject(noMedia()), play: () => Promise.reject(err(5400102, 'Operation not allowed: the player is not prepared.')), pause: () => Promise.reject(err(5400102, 'Operation not allowed: the player is not prepared.')),
      stop: () => Promise.reject(err(5400102, 'Operation not allowed: the player is not prepared.')), reset: () => { p.state = 'idle'; return resolved(); }, release: () => { p.state = 'released'; return resolved(); },
      seek() {}, setVolume() {}, setSpeed() {}, setBitrate() {}, getTrackDescription: () => resolved([]), selectTrack: () => resolved(), setMediaMuted: () => resolved() };
    // Setting a source starts preparing: the platform reports the failure through the 'error' event.
    for (const key of ['url', 'fdSrc', 'dataSrc']) {
      let v: any;
      Object.defineProperty(p, key, { get: () => v, set: (x) => { v = x; p.state = 'initialized'; g.setTimeout(() => { p.state = 'error'; ls.get('stateChange')?.('error', 0); ls.get('error')?.(noMedia()); }, 0); } });
    }
    return p;
  };
  const media = {
    createAVPlayer: (cb?: any) => rt.asyncApi(avPlayer, cb),
    createAVRecorder: (cb?: any) => rt.asyncApi(() => { throw noAudio(); }, cb),
    createAVMetadataExtractor: () => rt.asyncApi(() => ({ fdSrc: undefined, dataSrc: undefined, fetchMetadata: () => Promise.reject(noMedia()), fetchAlbumCover: () => Promise.reject(noMedia()), release: () => resolved() })),
    createAVImageGenerator: () => rt.asyncApi(() => ({ fdSrc: undefined, fetchFrameByTime: () => Promise.reject(noMedia()), release: () => resolved() })),
    createSoundPool: () => Promise.reject(noAudio()), createAVTranscoder: () => Promise.reject(noMedia()), createAVScreenCaptureRecorder: () => Promise.reject(noMedia()),
    AVErrorCode: { AVERR_OK: 0, AVERR_NO_PERMISSION: 201, AVERR_INVALID_PARAMETER: 401, AVERR_UNSUPPORT_CAPABILITY: 801, AVERR_NO_MEMORY: 5400101, AVERR_OPERATE_NOT_PERMIT: 5400102, AVERR_IO: 5400103, AVERR_TIMEOUT: 5400104, AVERR_SERVICE_DIED: 5400105, AVERR_UNSUPPORT_FORMAT: 5400106 },
    AudioSourceType: { AUDIO_SOURCE_TYPE_DEFAULT: 0, AUDIO_SOURCE_TYPE_MIC: 1 }, VideoSourceType: { VIDEO_SOURCE_TYPE_SURFACE_YUV: 0, VIDEO_SOURCE_TYPE_SURFACE_ES: 1 },
    ContainerFormatType: { CFT_MPEG_4: 'mp4', CFT_MPEG_4A: 'm4a', CFT_MP3: 'mp3', CFT_WAV: 'wav' }, CodecMimeType: { VIDEO_H263: 'video/h263', VIDEO_AVC: 'video/avc', VIDEO_MPEG4: 'video/mp4v-es', AUDIO_AAC: 'audio/mp4a-latm', AUDIO_MP3: 'audio/mpeg', AUDIO_FLAC: 'audio/flac', VIDEO_HEVC: 'video/hevc' },
    MediaType: { MEDIA_TYPE_AUD: 0, MEDIA_TYPE_VID: 1, MEDIA_TYPE_SUBTITLE: 2 }, PlaybackSpeed: { SPEED_FORWARD_0_75_X: 0, SPEED_FORWARD_1_00_X: 1, SPEED_FORWARD_1_25_X: 2, SPEED_FORWARD_1_75_X: 3, SPEED_FORWARD_2_00_X: 4, SPEED_FORWARD_0_50_X: 5, SPEED_FORWARD_1_50_X: 6 },
    SeekMode: { SEEK_NEXT_SYNC: 0, SEEK_PREV_SYNC: 1, SEEK_CLOSEST: 2 }, AVImageQueryOptions: { AV_IMAGE_QUERY_NEXT_SYNC: 0, AV_IMAGE_QUERY_PREVIOUS_SYNC: 1, AV_IMAGE_QUERY_CLOSEST_SYNC: 2, AV_IMAGE_QUERY_CLOSEST: 3 },
    MediaDescriptionKey: { MD_KEY_TRACK_INDEX: 'track_index', MD_KEY_TRACK_TYPE: 'track_type', MD_KEY_CODEC_MIME: 'codec_mime', MD_KEY_DURATION: 'duration' }, BufferingInfoType: { BUFFERING_START: 1, BUFFERING_END: 2, BUFFERING_PERCENT: 3, CACHED_DURATION: 4 },
  };
  rt.defineModule('@ohos.multimedia.media', () => media);
  rt.defineModule('@ohos.multimedia.avsession', () => ({
    LoopMode: { LOOP_MODE_SEQUENCE: 0, LOOP_MODE_SINGLE: 1, LOOP_MODE_LIST: 2, LOOP_MODE_SHUFFLE: 3, LOOP_MODE_CUSTOM: 4 },
    PlaybackState: { PLAYBACK_STATE_INITIAL: 0, PLAYBACK_STATE_PREPARE: 1, PLAYBACK_STATE_PLAY: 2, PLAYBACK_STATE_PAUSE: 3, PLAYBACK_STATE_FAST_FORWARD: 4, PLAYBACK_STATE_REWIND: 5, PLAYBACK_STATE_STOP: 6, PLAYBACK_STATE_COMPLETED: 7, PLAYBACK_STATE_RELEASED: 8, PLAYBACK_STATE_ERROR: 9, PLAYBACK_STATE_IDLE: 10, PLAYBACK_STATE_BUFFERING: 11 },
    AVSessionErrorCode: { ERR_CODE_SERVICE_EXCEPTION: 6600101, ERR_CODE_SESSION_NOT_EXIST: 6600102 },
    createAVSession: (_ctx: any, tag: string, type: string) => rt.asyncApi(() => {
      if (typeof tag !== 'string' || (type !== 'audio' && type !== 'video' && type !== 'voice_call' && type !== 'video_call')) throw paramErr('createAVSession(context, tag, "audio" | "video").');
      let meta: any = {}; let state: any = {};
      return { sessionId: `hmos-${tag}`, sessionType: type, sessionTag: tag, setAVMetadata: (x: any) => { meta = x; return resolved(); }, setAVPlaybackState: (x: any) => { state = x; return resolved(); },
        getAVMetadata: () => resolved(meta), getAVPlaybackState: () => resolved(state), setLaunchAbility: () => resolved(), activate: () => resolved(), deactivate: () => resolved(), destroy: () => resolved(),
        on() {}, off() {}, getController: () => resolved({ getAVPlaybackState: () => resolved(state), getAVMetadata: () => resolved(meta), sendControlCommand: () => resolved(), on() {}, off() {} }),
        setExtras: () => resolved(), dispatchSessionEvent: () => resolved(), getOutputDevice: () => resolved({ isRemote: false, devices: [] }) };
    }),
  }));
  rt.defineModule('@ohos.effectKit', () => ({
    createColorPicker: (src: any) => rt.asyncApi(() => { if (!(src instanceof PixelMap)) throw paramErr('The type of "source" must be PixelMap.'); return colorPicker(src); }),
    createEffect: (src: any) => { if (!(src instanceof PixelMap)) throw paramErr('The type of "source" must be PixelMap.'); const f: any = { blur: () => f, brightness: () => f, grayscale: () => f, invert: () => f, setColorMatrix: () => f, getEffectPixelMap: () => resolved(src), getPixelMap: () => src }; return f; },
  }));
  /** The average colour of a PixelMap (what apps use getMainColor for: a tint that matches a cover). */
  const colorPicker = (p: PixelMap) => {
    const info = p.getImageInfoSync();
    const buf = new ArrayBuffer(info.size.width * info.size.height * 4);
    p.readPixelsToBufferSync(buf);
    const px = new Uint8Array(buf);
    let r = 0; let gg = 0; let b = 0; const n = Math.max(1, px.length / 4);
    for (let i = 0; i < px.length; i += 4) { r += px[i]; gg += px[i + 1]; b += px[i + 2]; }
    const c = { red: Math.round(r / n), green: Math.round(gg / n), blue: Math.round(b / n), alpha: 255 };
    return { getMainColor: () => resolved(c), getMainColorSync: () => c, getLargestProportionColor: () => c, getHighestSaturationColor: () => c, getAverageColor: () => c, isBlackOrWhiteOrGrayColor: () => false, getTopProportionColors: () => [c] };
  };
}

/**
 * One fixture app per kit family, run as a user runs it: `hmos preview --do …` (a real build, a headless device, the
 * JSON screen). Each app prints `name=value` lines; every line is checked.
 */
import { describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFixture } from '../../helpers/fixture.js';
import { runHmos } from '../../helpers/cli.js';

interface ScreenNode { type: string; text?: string; children: ScreenNode[] }

async function preview(fixture: string, actions: string[], changes: Record<string, string> = {}): Promise<Record<string, string>> {
  const dir = copyFixture(`kits/${fixture}`, changes);
  const r = await runHmos(['preview', dir, '--format', 'json', ...actions.flatMap((a) => ['--do', a])], { timeout: 90_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  const out: Record<string, string> = {};
  const walk = (n: ScreenNode) => {
    const m = n.type === 'Text' && typeof n.text === 'string' ? /^([A-Za-z][A-Za-z0-9]*)=(.*)$/s.exec(n.text) : null;
    if (m) out[m[1]] = m[2];
    n.children.forEach(walk);
  };
  walk(JSON.parse(r.stdout).root);
  return out;
}

describe('kit fixture apps through hmos preview', () => {
  it('ArkTS standard library: util, containers, buffer, JSON, url/uri, xml, Decimal, collections, locks', async () => {
    const r = await preview('arkts', ['click:text=Run']);
    expect(r).toMatchObject({
      utf8: '13:héllo€😀', base64: 'AQID+g==|1,2,3,250', uuid: '36|true', format: 'cart has 3 items, {"a":1}', lru: 'a,c|false|2',
      rational: '3/4|6', types: 'true|true', badEncoding: '401',
      arraylist: '3|10,2,3|10200001', hashmap: '2|true|3|x,y', hashset: '2|true', treemap: '1,2,3|1|3', treeset: 'apple|pear',
      linkedlist: '0,1|10200010|10200017', dequeQueueStack: '2|5|8|2', lightweight: '1|1|1|two|9|4', bound: '10200011', iterate: '10,2,3',
      buffer: '6|68c3a96c6c6f|hi|ab', bufferInts: '513|4|10200001', json: '12345678901234567890|{"b":10}|true',
      url: 'example.com|8080|2|https://user@example.com:8080/a/b?x=1&y=2&z=3#top', badUrl: '10200002', uri: 'host|81|http://host:81/q?k=v#f|v',
      process: 'true|true', decimal: '0.3|1.41421|10200001', collections: '3|true', asyncLock: 'a1,a2,b',
    });
    expect(JSON.parse(r.xml)._elements[0]).toMatchObject({ _name: 'a', _attributes: { x: '1' }, _elements: [{ _name: 'b', _elements: [{ _text: 't' }] }] });
  });

  it('taskpool and @ohos.worker: concurrent functions and worker scripts run in realms of their own with cloned data; errors, cancel, exits', async () => {
    // Preview runs on virtual time: the wait ends as soon as nothing is in flight (tasks, workers), however loaded the
    // machine is, and lets real time run while something is (at most 30 s).
    const r = await preview('arkts', ['click:text=Tasks', 'click:text=Workers', 'wait:30000']);
    expect(r).toEqual(expect.objectContaining({
      isConcurrent: 'true', sum: '500500', clone: '[["a",1]]', throws: 'task failed on purpose', notConcurrent: '10200014',
      group: '55,10', sequence: '6,15', cancelled: '10200050', cancelMissing: '10200015', responsive: 'yes',
      // ets/workers/Echo.ets, built as its own entry: a Set arrives as a Set, kits work inside, the shared module counts
      // separately in each realm (the worker's 1, 2; the app's 1, then 2 at exit), terminate() → onexit(0).
      posted: '1', echo: '42,ab,1,echo,36|2,,2,echo,36', exit: '0|2',
      errors: '10200007|10200006|10200004', workerError: 'Error: bad input go|entry/src/main/ets/workers/Crash.ts:7', crashExit: '1',
    }));
  });

  it('data: a relational store on SQLite with the platform error codes, kept across a relaunch; huge result sets page; preferences; files', async () => {
    const r = await preview('data', ['click:text=Store']);
    expect(r).toMatchObject({
      insert: '1|2', ignored: '-1', constraint: '14800032', syntax: '14800021', attach: '14800023', update: '1',
      query: '3|third:5,first:4.5,second:3.5', blob: '1,2,3|false|true|true', column: '14800013', closedResult: '14800014',
      delete: '1', rollback: '1', version: '1', closedStore: '14800014', rdbEnums: '0|1|2|1|0',
    });
    const again = await preview('data', ['click:text=Store', 'relaunch', 'click:text=Count', 'click:text=Huge', 'click:text=Corrupt',
      'click:text=Prefs', 'click:text=Files']);
    expect(again).toMatchObject({
      afterRelaunch: 'first,second|v1', huge: '20000|20000|199990000|100', corrupt: '14800011', badName: '14800010',
      prefs: 'dark|3|false', files: '5|hello files|true|c.txt|11', outside: '13900012',
    });
  });

  it('device: deviceInfo, display, window, configuration, mediaquery, permissions, toasts with ids, picker dialogs; http against a local server', async () => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ echo: body })); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      // The picker dialogs are dialogs on the device, driven like any other: a value typed, an item clicked, OK / Cancel.
      const r = await preview('device', ['click:text=Device', 'click:text=Http', 'click:text=Toasts',
        'click:text=Date', 'input:id=DatePickerDialog:2024-05-01', 'input:id=DatePickerDialog:2031-02-01', 'input:id=DatePickerDialog:2024-02-30', 'click:text=OK',
        'click:text=Time', 'input:id=TimePickerDialog:21:05', 'click:text=Cancel',
        'click:text=Fruit', 'click:text=Pear', 'click:text=OK', 'click:text=Calendar', 'click:text=OK', 'click:text=Date', 'back', 'click:text=UiKits', 'wait:30000'], { 'entry/src/main/ets/common/Server.ets': `export const SERVER: string = '${url}';\n` });
      expect(r).toMatchObject({
        deviceInfo: 'phone|true', display: '1080x2340|3', window: '1080|true', colorMode: '0|1', mediaquery: 'true', permission: '0',
        router: 'true', http: '200|ping|true', refused: 'true',
        toast: 'true|true|103401',
        // a date past `end` is clamped to it; an invalid one (Feb 30) is ignored
        dateAccept: '2030-11-31', dateAcceptDate: '2030/12/31', timeChange: '21:5', timeCancel: 'yes', dateCancel: 'yes',
        fruitChange: 'Pear|1', fruitAccept: 'Pear|1', calendarAccept: '2025/6/1',
        observer: '0', curves: '1.00|0.00|1.00|true', matrix4: '[3,4]', metrics: '12|true|3|true', chip: 'string|object', screen: '1|1080x2340|2340|1080', font: '/font/dial.ttf|true', displaySync: '3|true|true',
      });
      expect(r.dateChange).toBe('2030-11-31');
    } finally {
      server.close();
    }
  });
});

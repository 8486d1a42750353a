/**
 * ArkUI's system dialogs that are kit calls rather than components, in the app realm (evaluated from source; see
 * framework/core.ts): `promptAction.openToast` / `closeToast` (also on UIContext's PromptAction, the same object) and
 * the picker dialogs `TimePickerDialog`, `DatePickerDialog`, `TextPickerDialog`, `CalendarPickerDialog` `.show()`
 * (also `UIContext.showTimePickerDialog` …). A picker dialog is an ordinary dialog on the device — a user, a UiTest
 * or `hmos preview --do` drives it like any other:
 *  - date, time and calendar pickers: the value as text, and a TextInput (`id=DatePickerDialog`, `TimePickerDialog`,
 *    `CalendarPickerDialog`) that takes `2024-05-01` / `08:30` (`input:id=DatePickerDialog:2024-05-01`); every valid
 *    value typed fires `onChange` / `onDateChange`;
 *  - a text picker: a button per item of each column (`click:text=Pear`), firing `onChange`;
 *  - `OK` fires `onAccept` (and `onDateAccept`), `Cancel` or the back key `onCancel`; either closes the dialog.
 */
export function installArkUiDialogs(g: any): void {
  const rt = g.__rt;
  const pa = rt.promptAction;
  if (!pa || typeof rt.newDialog !== 'function') return;
  const node = (type: string, args: any[], attrs: Record<string, any[]> = {}, kids: any[] = []) => {
    const n = new rt.UINode(rt.newId(), type, args, false);
    n.attrs = attrs; n.setKids(kids);
    return n;
  };

  // ---- toasts with ids ----
  const toasts = new Map<number, any>();
  let nextToast = 1;
  pa.openToast = (o: any): Promise<number> => {
    const message = o?.message;
    if (o === null || typeof o !== 'object' || (typeof message !== 'string' && (message === null || typeof message !== 'object'))) {
      return Promise.reject(rt.kitError(401, 'Parameter error. The type of "options.message" must be string or Resource.'));
    }
    const t = node('Toast', [message], {}, [node('Text', [message])]);
    const id = nextToast++;
    toasts.set(id, t);
    t.onClose = () => { toasts.delete(id); };
    rt.openDialog(t);
    g.setTimeout(() => { if (toasts.get(id) === t) rt.closeDialog(t); }, Math.max(1500, Math.min(10000, Number(o.duration) || 1500)));
    return Promise.resolve(id);
  };
  pa.closeToast = (id: any): void => {
    if (typeof id !== 'number') throw rt.kitError(401, 'Parameter error. The type of "toastId" must be number.');
    const t = toasts.get(id);
    if (!t) throw rt.kitError(103401, 'Cannot find the toast.');
    rt.closeDialog(t);
  };

  // ---- picker dialogs ----
  const pad = (n: number) => String(n).padStart(2, '0');
  const dateText = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const timeText = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const asDate = (v: any, dflt: Date): Date => (v instanceof Date && !isNaN(v.getTime()) ? new Date(v.getTime()) : new Date(dflt.getTime()));
  const call = (fn: any, ...a: any[]) => { if (typeof fn === 'function') fn(...a); };

  /** A dialog with the current value, the controls in `body`, and Cancel / OK. */
  const pickerDialog = (label: any, body: any[], accept: () => void, cancel: () => void) => {
    const d = rt.newDialog('Dialog');
    let answered = false;
    const answer = (fn: () => void) => { answered = true; rt.closeDialog(d); fn(); };
    const buttons = node('Row', [], {}, [
      node('Button', ['Cancel'], { onClick: [() => answer(cancel)] }),
      node('Button', ['OK'], { onClick: [() => answer(accept)] }),
    ]);
    d.setKids([node('Column', [], {}, [label, ...body, buttons])]);
    // Closed otherwise (the back key): cancelled.
    d.onClose = () => { if (!answered) { answered = true; cancel(); } };
    rt.openDialog(d);
    return d;
  };

  /** A date / time / calendar picker: `parse` reads what a user types into the picked Date (undefined: not valid). */
  const datePicker = (id: string, o: any, show: (d: Date) => string, parse: (text: string, was: Date) => Date | undefined,
    result: (d: Date) => any, clamp: (d: Date) => Date = (d) => d) => {
    let value = clamp(asDate(o?.selected, new Date()));
    const label = node('Text', [show(value)]);
    const input = node('TextInput', [{ text: show(value), placeholder: show(value) }], { id: [id], onChange: [(text: any) => {
      const next = parse(String(text ?? '').trim(), value);
      if (!next) return;
      value = clamp(next);
      label.args = [show(value)];
      call(o?.onChange, result(value));
      call(o?.onDateChange, new Date(value.getTime()));
    }] });
    pickerDialog(label, [input], () => { call(o?.onAccept, result(value)); call(o?.onDateAccept, new Date(value.getTime())); }, () => call(o?.onCancel));
  };
  const parseDate = (text: string, was: Date): Date | undefined => {
    const m = /^(\d{1,4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (!m) return undefined;
    const d = new Date(was.getTime());
    d.setFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return d.getMonth() === Number(m[2]) - 1 ? d : undefined;
  };
  const parseTime = (text: string, was: Date): Date | undefined => {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return undefined;
    const d = new Date(was.getTime());
    d.setHours(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), 0);
    return d;
  };
  const dateResult = (d: Date) => ({ year: d.getFullYear(), month: d.getMonth(), day: d.getDate() });

  g.DatePickerDialog = {
    show(o?: any): void {
      const start = asDate(o?.start, new Date(1970, 0, 1));
      const end = asDate(o?.end, new Date(2100, 11, 31));
      const clamp = (d: Date) => (d < start ? new Date(start.getTime()) : d > end ? new Date(end.getTime()) : d);
      datePicker('DatePickerDialog', o, dateText, parseDate, dateResult, clamp);
    },
  };
  g.CalendarPickerDialog = {
    show(o?: any): void {
      // onAccept / onChange get the Date itself.
      datePicker('CalendarPickerDialog', { ...o, onDateAccept: undefined, onDateChange: undefined }, dateText, parseDate, (d) => new Date(d.getTime()));
    },
  };
  g.TimePickerDialog = {
    show(o?: any): void {
      datePicker('TimePickerDialog', o, timeText, parseTime, (d) => ({ hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() }));
    },
  };
  g.TextPickerDialog = {
    show(o?: any): void {
      const raw = Array.isArray(o?.range) ? o.range : [];
      // One column of strings, several (string[][]), or items with text (TextPickerRangeContent).
      const columns: string[][] = raw.length && Array.isArray(raw[0]) ? raw.map((c: any[]) => c.map((x) => String(x?.text ?? x)))
        : [raw.map((x: any) => String(x?.text ?? x))];
      const multi = columns.length > 1 || Array.isArray(raw[0]);
      const sel = Array.isArray(o?.selected) ? o.selected : [o?.selected];
      const vals = Array.isArray(o?.value) ? o.value : [o?.value];
      const index = columns.map((c, i) => {
        const byValue = vals[i] !== undefined ? c.indexOf(String(vals[i])) : -1;
        const n = Number(sel[i]);
        return byValue >= 0 ? byValue : Number.isInteger(n) && n >= 0 && n < c.length ? n : 0;
      });
      const result = () => (multi ? { value: columns.map((c, i) => c[index[i]]), index: [...index] } : { value: columns[0][index[0]], index: index[0] });
      const show = () => columns.map((c, i) => c[index[i]] ?? '').join(' ');
      const label = node('Text', [show()]);
      const rows = columns.map((c, col) => node('Column', [], {}, c.map((item, i) => node('Button', [item], { onClick: [() => {
        index[col] = i;
        label.args = [show()];
        call(o?.onChange, result());
      }] }))));
      pickerDialog(label, rows, () => call(o?.onAccept, result()), () => call(o?.onCancel));
    },
  };
  const UIContext = g.UIContext;
  if (typeof UIContext === 'function') {
    const proto = UIContext.prototype;
    proto.showDatePickerDialog ??= (o: any) => g.DatePickerDialog.show(o);
    proto.showTimePickerDialog ??= (o: any) => g.TimePickerDialog.show(o);
    proto.showTextPickerDialog ??= (o: any) => g.TextPickerDialog.show(o);
  }
}

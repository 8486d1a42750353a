import { describe, expect, it } from 'vitest';
import { validate } from '../../src/agent/schema.js';

const schema = {
  type: 'object',
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 5 },
    priority: { type: 'string', enum: ['low', 'normal', 'high'] },
    level: { type: 'integer', minimum: 0, maximum: 100 },
    when: { type: 'string', format: 'date-time' },
    day: { type: 'string', format: 'date' },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
  },
  required: ['title'],
  additionalProperties: false,
};

describe('schema validator', () => {
  it('accepts valid parameters', () => {
    expect(validate({ title: 'milk', priority: 'high', level: 5, when: '2026-03-11T09:00:00+08:00', day: '2024-02-29', tags: ['a'] }, schema)).toEqual([]);
  });

  it('reports each violated keyword with the parameter it is about', () => {
    const errs = validate({ priority: 'urgent', level: 150.5, when: 'tomorrow', day: '2026-02-30', tags: ['a', 2, 'c'], extra: 1 }, schema);
    const byKeyword = Object.fromEntries(errs.map((e) => [e.keyword + ':' + e.path, e.param]));
    expect(byKeyword).toMatchObject({
      'required:/title': 'title', 'enum:/priority': 'priority', 'type:/level': 'level', 'format:/when': 'when', 'format:/day': 'day',
      'maxItems:/tags': 'tags', 'type:/tags/1': 'tags',
    });
    expect(errs.some((e) => e.keyword === 'additionalProperties')).toBe(true);
  });

  it('checks numeric and length bounds', () => {
    expect(validate({ title: 'a', level: 101 }, schema).map((e) => e.message)).toEqual(['level must be at most 100 (got 101)']);
    expect(validate({ title: '' }, schema)[0].keyword).toBe('minLength');
    expect(validate({ title: '123456' }, schema)[0].keyword).toBe('maxLength');
    expect(validate({ title: 'ok', level: -1 }, schema)[0].keyword).toBe('minimum');
    expect(validate('x', schema)[0].keyword).toBe('type');
    expect(validate(3, { type: ['string', 'number'] })).toEqual([]);
  });
});

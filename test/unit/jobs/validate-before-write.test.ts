/** Inputs are checked as they are, never coerced: vectors of numbers only, engine options at construction. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/contract/errors.js';
import { checkEngineInit } from '../../../src/contract/engine-init.js';
import { vector } from '../../../src/jobs/validate.js';
import { namedVectors } from '../../../src/jobs/inputs.js';

function fieldOf(fn: () => unknown): { field: string; rule: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    const v = e as ValidationError;
    return { field: v.field, rule: v.rule, message: v.message };
  }
  throw new Error('no error thrown');
}

describe('vector inputs', () => {
  it('refuses strings, booleans, null and nested arrays instead of coercing them', () => {
    expect(fieldOf(() => vector(Array(8).fill('1'), 'vectors[0].vector'))).toMatchObject({ field: 'inputs.vectors[0].vector', rule: 'numbers only' });
    expect(fieldOf(() => vector([1, 2, true, 4], 'v')).message).toMatch(/element 2 is boolean/);
    expect(fieldOf(() => vector([1, null, 3], 'v')).message).toMatch(/element 1 is object/);
    expect(fieldOf(() => vector([[1], [2]], 'v')).rule).toBe('numbers only');
    expect(fieldOf(() => vector('1,2,3', 'v')).rule).toBe('a Float32Array or list of numbers');
    expect(fieldOf(() => vector(new Int8Array(4), 'v')).rule).toBe('a Float32Array or list of numbers');
  });

  it('refuses non-finite values, including numbers past float32 range', () => {
    expect(fieldOf(() => vector([1, NaN], 'v')).rule).toMatch(/finite/);
    expect(fieldOf(() => vector([1, 1e39], 'v')).rule).toMatch(/element 1 is Infinity/);
  });

  it('accepts numbers, Float32Array and Float64Array', () => {
    expect(Array.from(vector([1, 2], 'v'))).toEqual([1, 2]);
    expect(Array.from(vector(new Float64Array([0.5, 3]), 'v'))).toEqual([0.5, 3]);
    const f = new Float32Array([1, 0]);
    expect(vector(f, 'v')).toBe(f);
  });

  it('namedVectors (the index job\'s vectors) refuses a vector of strings', () => {
    expect(fieldOf(() => namedVectors([{ name: 'a', vector: Array(1792).fill('1') }], 1792)).field).toBe('inputs.vectors[0].vector');
  });
});

describe('engine options (createCurator, createEngineApi init)', () => {
  it('names the bad field and the rule the embedder uses', () => {
    expect(fieldOf(() => checkEngineInit({ batchSize: 512 }))).toMatchObject({ field: 'options.batchSize', rule: 'int in [1, 256]' });
    expect(fieldOf(() => checkEngineInit({ batchSize: 1.5 })).field).toBe('options.batchSize');
    expect(fieldOf(() => checkEngineInit({ threads: 0 }))).toMatchObject({ field: 'options.threads', rule: 'int in [1, 64]' });
    expect(fieldOf(() => checkEngineInit({ runtime: 'torch' as never })).field).toBe('options.runtime');
    expect(fieldOf(() => checkEngineInit({ backend: 'gpu' as never })).field).toBe('options.backend');
    expect(fieldOf(() => checkEngineInit({ dbName: '' })).field).toBe('options.dbName');
    expect(fieldOf(() => checkEngineInit({ wasmPaths: { ortWasm: 3 } as never })).field).toBe('options.wasmPaths.ortWasm');
    expect(fieldOf(() => checkEngineInit({ wasmPaths: { other: 'x' } as never })).field).toBe('options.wasmPaths.other');
    expect(fieldOf(() => checkEngineInit({ vectorizers: {} as never })).field).toBe('options.vectorizers');
  });

  it('accepts every documented value', () => {
    expect(() => checkEngineInit({})).not.toThrow();
    expect(() => checkEngineInit({ dbName: 'x', modelsBaseUrl: '/models/', runtime: 'tfjs', backend: 'wasm', threads: 4, batchSize: 256, wasmPaths: { ortWasm: '/a.wasm' }, vectorizers: [] })).not.toThrow();
  });
});

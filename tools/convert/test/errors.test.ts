/** Refusals: unknown ops and attribute values (ModelError naming op and node), bad arguments (ValidationError naming the field). */
import { describe, expect, it } from 'vitest';
import { ModelError, ValidationError } from '../../../src/contract/errors.js';
import { convertTfjsGraphToOnnx, supportedTfOps, type ConvertOptions, type TfNodeDef } from '../index.js';
import { aInts, aS, aStrs, convAttrs, f32, makeModel, node, placeholder, type Weight } from './harness.js';

const OPTS: ConvertOptions = { outputs: ['y'], inputLayout: 'NHWC' };

function convert(nodes: TfNodeDef[], weights: Weight[] = [], opts: ConvertOptions = OPTS, shape = [1, 5, 5, 2]): ReturnType<typeof convertTfjsGraphToOnnx> {
  const { model, data } = makeModel([placeholder(shape), ...nodes], weights);
  return convertTfjsGraphToOnnx(model, data, opts);
}

function modelError(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError');
}

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('unknown ops', () => {
  it('refuses an op it cannot map, naming the op and the node', () => {
    const e = modelError(() => convert([node('mid', 'Relu', ['x']), node('y', 'FancyWarp', ['mid'])]));
    expect(e.message).toContain('FancyWarp');
    expect(e.message).toContain('"y"');
    expect(e.details).toMatchObject({ op: 'FancyWarp', node: 'y' });
  });

  it('ignores unknown ops that the requested outputs do not need (pruned)', () => {
    const r = convert([node('y', 'Relu', ['x']), node('head', 'FancyWarp', ['y'])]);
    expect(r.stats.tfNodes).toBe(3);
    expect(r.stats.keptNodes).toBe(2);
    expect(r.stats.tfOps).toEqual({ Placeholder: 1, Relu: 1 });
  });

  it('lists what it supports', () => {
    expect(supportedTfOps()).toEqual(expect.arrayContaining(['_FusedConv2D', 'FusedDepthwiseConv2dNative', 'AvgPool', 'Squeeze', 'AddV2', 'Mul', 'Sub']));
    expect(supportedTfOps()).not.toContain('FancyWarp');
  });
});

describe('unsupported attribute values', () => {
  const w = (): Weight => f32('w', [3, 3, 2, 4]);
  const cases: { name: string; nodes: () => TfNodeDef[]; weights?: () => Weight[]; says: string }[] = [
    { name: 'unknown padding', nodes: () => [node('y', 'Conv2D', ['x', 'w'], { ...convAttrs({}), padding: aS('REFLECT') })], weights: () => [w()], says: 'REFLECT' },
    { name: 'NCHW data_format', nodes: () => [node('y', 'Conv2D', ['x', 'w'], { ...convAttrs({}), data_format: aS('NCHW') })], weights: () => [w()], says: 'NCHW' },
    { name: 'batch stride', nodes: () => [node('y', 'Conv2D', ['x', 'w'], { ...convAttrs({}), strides: aInts([2, 1, 1, 1]) })], weights: () => [w()], says: 'strides' },
    {
      name: 'FusedBatchNorm in fused_ops',
      nodes: () => [node('y', '_FusedConv2D', ['x', 'w', 'b'], { ...convAttrs({ fused: ['FusedBatchNorm'] }) })],
      weights: () => [w(), f32('b', [4])],
      says: 'FusedBatchNorm',
    },
    {
      name: 'unknown fused activation',
      nodes: () => [node('y', '_FusedConv2D', ['x', 'w', 'b'], { ...convAttrs({ fused: ['BiasAdd', 'Gelu'] }) })],
      weights: () => [w(), f32('b', [4])],
      says: 'Gelu',
    },
    {
      name: 'num_args that does not match fused_ops',
      nodes: () => [node('y', '_FusedConv2D', ['x', 'w', 'b'], { ...convAttrs({ fused: ['BiasAdd'], numArgs: 2 }) })],
      weights: () => [w(), f32('b', [4])],
      says: 'num_args',
    },
    { name: 'a filter computed at run time', nodes: () => [node('w', 'Relu', ['x']), node('y', 'Conv2D', ['x', 'w'], convAttrs({}))], says: 'constant' },
    { name: 'grouped convolution', nodes: () => [node('y', 'Conv2D', ['x', 'w'], convAttrs({}))], weights: () => [f32('w', [3, 3, 1, 4])], says: 'channels' },
    { name: 'BiasAdd in NCHW', nodes: () => [node('y', 'BiasAdd', ['x', 'b'], { data_format: aS('NCHW') })], weights: () => [f32('b', [2])], says: 'NCHW' },
    { name: 'squeezing a non-unit axis', nodes: () => [node('y', 'Squeeze', ['x'], { squeeze_dims: aInts([1]) })], says: 'size 5' },
    { name: 'pool window over the batch axis', nodes: () => [node('y', 'MaxPool', ['x'], { ksize: aInts([2, 2, 2, 1]), strides: aInts([1, 1, 1, 1]), padding: aS('VALID') })], says: 'ksize' },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, () => {
      const e = modelError(() => convert(c.nodes(), c.weights?.() ?? []));
      expect(e.message).toContain('node "y"');
      expect(e.message).toContain(c.says);
      expect(e.details.node).toBe('y');
    });
  }

  it('refuses a Const without weight data', () => {
    const { model, data } = makeModel([placeholder([1, 2]), node('y', 'Add', ['x', 'k'])], []);
    model.modelTopology.node?.push({ name: 'k', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' } } });
    const e = modelError(() => convertTfjsGraphToOnnx(model, data, OPTS));
    expect(e.message).toContain('Const node "k"');
  });

  it('refuses a graph whose outputs need two Placeholders', () => {
    const e = modelError(() => convert([placeholder([1, 2], 'x2'), node('y', 'Add', ['x', 'x2'])]));
    expect(e.message).toContain('Placeholder');
  });

  it('refuses reading a second output of a node', () => {
    const e = modelError(() => convert([node('y', 'Relu', ['x:1'])]));
    expect(e.message).toContain('output 1');
  });

  it('refuses a cycle', () => {
    const e = modelError(() => convert([node('a', 'Relu', ['y']), node('y', 'Relu', ['a'])]));
    expect(e.message).toContain('cycle');
  });
});

describe('argument validation', () => {
  const good = (): ReturnType<typeof makeModel> => makeModel([placeholder([1, 2]), node('y', 'Relu', ['x'])], [f32('unused', [3])]);

  const cases: { field: string; call: (m: ReturnType<typeof makeModel>) => unknown }[] = [
    { field: 'model', call: () => convertTfjsGraphToOnnx(null as never, new Uint8Array(0), OPTS) },
    { field: 'model.modelTopology.node', call: (m) => convertTfjsGraphToOnnx({ ...m.model, modelTopology: {} }, m.data, OPTS) },
    { field: 'model.format', call: (m) => convertTfjsGraphToOnnx({ ...m.model, format: 'layers-model' }, m.data, OPTS) },
    { field: 'model.weightsManifest', call: (m) => convertTfjsGraphToOnnx({ ...m.model, weightsManifest: undefined as never }, m.data, OPTS) },
    { field: 'options', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, undefined as never) },
    { field: 'options.outputs', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, { ...OPTS, outputs: [] }) },
    { field: 'options.outputs[0]', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, { ...OPTS, outputs: ['nope'] }) },
    { field: 'options.outputs[0]', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, { ...OPTS, outputs: ['y:1'] }) },
    { field: 'options.outputNames', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, { ...OPTS, outputNames: ['a', 'b'] }) },
    { field: 'options.inputName', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, { ...OPTS, inputName: '' }) },
    { field: 'options.inputName', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, { ...OPTS, outputNames: ['input'] }) },
    { field: 'options.opset', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, { ...OPTS, opset: 12 as never }) },
    { field: 'options.inputLayout', call: (m) => convertTfjsGraphToOnnx(m.model, m.data, { ...OPTS, inputLayout: 'NCHW' as never }) },
    { field: 'weightData', call: (m) => convertTfjsGraphToOnnx(m.model, m.data.subarray(4), OPTS) },
    { field: 'weightData', call: (m) => convertTfjsGraphToOnnx(m.model, 'bytes' as never, OPTS) },
  ];
  for (const c of cases) {
    it(`rejects a bad ${c.field}`, () => {
      const e = validationError(() => c.call(good()));
      expect(e.field).toBe(c.field);
      expect(e.rule.length).toBeGreaterThan(0);
    });
  }

  it('accepts shards as an array in manifest order', () => {
    const m = good();
    const r = convertTfjsGraphToOnnx(m.model, [m.data.subarray(0, 5), m.data.subarray(5)], { ...OPTS, outputs: ['y:0'] });
    expect(r.outputs).toEqual([{ name: 'y', tfNode: 'y', shape: [1, 2] }]);
    expect(r.inputName).toBe('input');
  });

  it('fused_ops helper strings are base64 in GraphDef JSON', () => {
    // Guards the harness itself: a wrong encoding would make every fused test vacuous.
    expect(aStrs(['BiasAdd']).list?.s?.[0]).toBe('Qmlhc0FkZA==');
  });
});

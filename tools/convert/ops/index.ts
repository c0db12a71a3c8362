/**
 * The op table: TF op type → handler. Adding an op = one handler in the
 * module of its family plus one entry here (and a test in test/unit/convert).
 */
import type { OpHandler } from '../context.js';
import { convOps } from './conv.js';
import { elementwiseOps } from './elementwise.js';
import { matmulOps } from './matmul.js';
import { poolOps } from './pool.js';
import { reduceOps } from './reduce.js';
import { shapeOps } from './shape.js';

export const OP_HANDLERS: Readonly<Record<string, OpHandler>> = Object.freeze({
  ...elementwiseOps,
  ...convOps,
  ...poolOps,
  ...shapeOps,
  ...matmulOps,
  ...reduceOps,
});

/**
 * Readers for GraphDef JSON attributes. Strings are base64 (protobuf-JSON
 * `bytes`), int64 values are decimal strings; `atob` keeps this browser-safe.
 */
import type { TfAttrValue, TfNodeDef, TfShapeJson } from './tfjs-types.js';

const utf8 = new TextDecoder();

function fromBase64(s: string): string {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return utf8.decode(bytes);
}

function attr(node: TfNodeDef, key: string): TfAttrValue | undefined {
  return node.attr?.[key];
}

/** A string attribute (decoded from base64), or `fallback` when absent. */
export function attrString(node: TfNodeDef, key: string, fallback: string): string {
  const a = attr(node, key);
  return a?.s === undefined ? fallback : fromBase64(a.s);
}

/** A list-of-strings attribute, or [] when absent. */
export function attrStrings(node: TfNodeDef, key: string): string[] {
  return (attr(node, key)?.list?.s ?? []).map(fromBase64);
}

/** A list-of-ints attribute, or `fallback` when absent or empty. */
export function attrInts(node: TfNodeDef, key: string, fallback: number[]): number[] {
  const list = attr(node, key)?.list?.i;
  return list && list.length > 0 ? list.map(Number) : fallback;
}

/** An int attribute, or `fallback` when absent. */
export function attrInt(node: TfNodeDef, key: string, fallback: number): number {
  const a = attr(node, key);
  return a?.i === undefined ? fallback : Number(a.i);
}

/** A float attribute, or `fallback` when absent. */
export function attrFloat(node: TfNodeDef, key: string, fallback: number): number {
  const a = attr(node, key);
  return a?.f === undefined ? fallback : Number(a.f);
}

/** A bool attribute, or `fallback` when absent. */
export function attrBool(node: TfNodeDef, key: string, fallback: boolean): boolean {
  const a = attr(node, key);
  return a?.b === undefined ? fallback : Boolean(a.b);
}

/** A type attribute such as `DT_FLOAT`, or undefined. */
export function attrType(node: TfNodeDef, key: string): string | undefined {
  return attr(node, key)?.type;
}

/** A shape as (number | null)[] (null = unknown dim), or null for unknown rank. */
export function shapeFromJson(shape: TfShapeJson | undefined): (number | null)[] | null {
  if (!shape || shape.unknownRank) return null;
  return (shape.dim ?? []).map((d) => {
    const n = Number(d.size ?? -1);
    return n < 0 ? null : n;
  });
}

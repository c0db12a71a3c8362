/** Ximilar-style image records (`_url` or `_base64`), used by Ximilar and Vize v2. */
import { ValidationError } from '../../contract/errors.js';
import { requireArray, requireHttpUrl, requireObject, requireString } from './validate.js';

/** Check a non-empty list of records, each with exactly one of `_url` (http(s)) or `_base64`. */
export function checkRecords(value: unknown, field: string): Record<string, unknown>[] {
  const records = requireArray<Record<string, unknown>>(value, field);
  records.forEach((r, i) => {
    requireObject(r, `${field}[${i}]`);
    const has = (r._url !== undefined ? 1 : 0) + (r._base64 !== undefined ? 1 : 0);
    if (has !== 1) throw new ValidationError(`${field}[${i}]`, 'exactly one of _url or _base64');
    if (r._url !== undefined) requireHttpUrl(r._url, `${field}[${i}]._url`);
    else requireString(r._base64, `${field}[${i}]._base64`, 'non-empty base64 string');
  });
  return records;
}

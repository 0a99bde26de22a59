// IS_IN_FIELDS and IS_NOT_IN_FIELDS read every leaf of every document. The walk is written for this
// one test: a string leaf, most of them, is tested where it is read, without a call through a
// visitor, and values no leaf of their kind could match are skipped.
import { includesIgnoringCase } from "./case-insensitive.js";

// Every character a number can print as, lower-cased (digits, sign, point, exponent, "infinity", "nan").
const NUMBER_CHARACTERS = /^[0-9+\-.einftya]*$/;

// for-in reads a plain object's keys from V8's enum cache, where Object.values allocated an array per
// object per document per query; it also lists inherited enumerable keys, hence the own-key check.
const hasOwn = Object.prototype.hasOwnProperty;

/** Whether some leaf value of a document contains a needle, as lower-cased text. */
class NeedleInLeaves {
  private readonly contains: (text: string) => boolean;
  // printing a number (coordinates, ports...) is costly: skipped when no number could contain the needle
  private readonly numbersCanMatch: boolean;
  // a boolean prints as one of two texts: tested once per query, not once per document
  private readonly inTrue: boolean;
  private readonly inFalse: boolean;

  constructor(needle: string) {
    this.contains = includesIgnoringCase(needle);
    this.numbersCanMatch = NUMBER_CHARACTERS.test(needle.toLowerCase());
    this.inTrue = this.contains("true");
    this.inFalse = this.contains("false");
  }

  /** Any value: a leaf is tested, an object or array searched, null and undefined skipped. */
  readonly test = (node: unknown): boolean => {
    if (typeof node === "string") return this.contains(node);
    if (typeof node === "object") return node !== null && this.members(node);
    if (typeof node === "number") return this.numbersCanMatch && this.contains(String(node));
    if (typeof node === "boolean") return node ? this.inTrue : this.inFalse;
    return node !== undefined && this.contains(String(node));
  };

  /** The members of an object or array, in `Object.values` order. */
  private members(node: object): boolean {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const value: unknown = node[i];
        if (typeof value === "string" ? this.contains(value) : this.test(value)) return true;
      }
      return false;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      if (!hasOwn.call(record, key)) continue;
      const value = record[key];
      if (typeof value === "string" ? this.contains(value) : this.test(value)) return true;
    }
    return false;
  }
}

/**
 * Prepares the all-fields test of a query: some leaf of the document (at any depth, in arrays too)
 * contains the needle case-insensitively, as `String(leaf).toLowerCase().includes(needle.toLowerCase())`.
 * Nulls are skipped.
 * @returns a test of one document
 */
export function inAnyField(needle: string): (document: unknown) => boolean {
  return new NeedleInLeaves(needle).test;
}

import { describe, expect, it } from "vitest";
import { KeywardenValidationError } from "../../src/errors/validation-error.js";
import { f, filtersFor } from "../../src/filters/builder.js";
import { filtersSchema } from "../../src/filters/filter-schema.js";
import { OPERATORS } from "../../src/filters/operators.js";
import { validateInput } from "../../src/validation/issues.js";

/** One call of every builder function, with the JSON UTMStack expects. */
const examples = [
  [f.is("status", 2), { field: "status", operator: "IS", value: 2 }],
  [f.isNot("tags", "False positive"), { field: "tags", operator: "IS_NOT", value: "False positive" }],
  [f.contains("user", "adm"), { field: "user", operator: "CONTAIN", value: "adm" }],
  [f.containsOneOf("user", ["a", "b"]), { field: "user", operator: "CONTAIN_ONE_OF", value: ["a", "b"] }],
  [
    f.doesNotContainOneOf("user", ["a"]),
    { field: "user", operator: "DOES_NOT_CONTAIN_ONE_OF", value: ["a"] },
  ],
  [f.doesNotContain("user", "x"), { field: "user", operator: "DOES_NOT_CONTAIN", value: "x" }],
  [f.isOneOf("severity", [2, 3]), { field: "severity", operator: "IS_ONE_OF", value: [2, 3] }],
  [f.isNotOneOf("severity", [1]), { field: "severity", operator: "IS_NOT_ONE_OF", value: [1] }],
  [
    f.isOneOfTerms("dataType", ["alert"]),
    { field: "dataType", operator: "IS_ONE_OF_TERMS", value: ["alert"] },
  ],
  [
    f.isOneOfTermsOr("dataType", ["a", "b"]),
    { field: "dataType", operator: "IS_ONE_OF_TERMS_OR", value: ["a", "b"] },
  ],
  [f.exists("user"), { field: "user", operator: "EXIST" }],
  [f.doesNotExist("notes"), { field: "notes", operator: "DOES_NOT_EXIST" }],
  [
    f.between("@timestamp", "now-7d", "now"),
    { field: "@timestamp", operator: "IS_BETWEEN", value: ["now-7d", "now"] },
  ],
  [f.notBetween("port", 0, 1024), { field: "port", operator: "IS_NOT_BETWEEN", value: [0, 1024] }],
  [f.inAnyField("India"), { operator: "IS_IN_FIELDS", value: "India" }],
  [f.notInAnyField("India"), { operator: "IS_NOT_IN_FIELDS", value: "India" }],
  [f.endsWith("destination.ip", ".250"), { field: "destination.ip", operator: "ENDS_WITH", value: ".250" }],
  [
    f.notEndsWith("destination.ip", ".1"),
    { field: "destination.ip", operator: "NOT_ENDS_WITH", value: ".1" },
  ],
  [
    f.startsWith("destination.ip", "122."),
    { field: "destination.ip", operator: "START_WITH", value: "122." },
  ],
  [
    f.notStartsWith("destination.ip", "10."),
    { field: "destination.ip", operator: "NOT_START_WITH", value: "10." },
  ],
  [f.greaterThan("severity", 2), { field: "severity", operator: "IS_GREATER_THAN", value: 2 }],
  [
    f.lessThanOrEquals("@timestamp", "now-1d"),
    { field: "@timestamp", operator: "IS_LESS_THAN_OR_EQUALS", value: "now-1d" },
  ],
] as const;

describe("filter builder", () => {
  it("covers all 22 UTMStack operators", () => {
    expect(new Set(examples.map(([filter]) => filter.operator))).toEqual(new Set(OPERATORS));
    expect(OPERATORS).toHaveLength(22);
  });

  it.each(examples.map(([filter, json]) => [json.operator, filter, json] as const))(
    "builds %s as UTMStack's FilterType JSON",
    (_op, filter, json) => {
      expect(JSON.parse(JSON.stringify(filter))).toEqual(json);
    },
  );

  it("accepts every filter it builds", () => {
    const filters = examples.map(([filter]) => filter);
    expect(validateInput("search", filtersSchema, filters)).toEqual(filters);
  });

  it("narrows field names when given a document's fields", () => {
    const alerts = filtersFor<"severity" | "status">();
    expect(alerts.isOneOf("severity", [2, 3])).toEqual({
      field: "severity",
      operator: "IS_ONE_OF",
      value: [2, 3],
    });
  });
});

describe("filter validation at run time", () => {
  const issues = (filters: unknown) => {
    try {
      validateInput("search", filtersSchema, filters);
      return [];
    } catch (error) {
      if (error instanceof KeywardenValidationError) return error.issues;
      throw error;
    }
  };

  it("refuses an unknown operator, listing the valid ones", () => {
    const [issue] = issues([{ field: "a", operator: "EQUALS", value: 1 }]);
    expect(issue?.field).toBe("[0].operator");
    expect(issue?.message).toContain("IS, IS_NOT");
  });

  it("refuses a missing value, and a value where none is taken", () => {
    expect(issues([{ field: "a", operator: "IS" }])).toEqual([
      { field: "[0].value", message: "IS needs a value" },
    ]);
    expect(issues([{ field: "a", operator: "EXIST", value: 1 }])).toEqual([
      { field: "[0].value", message: "EXIST takes no value" },
    ]);
  });

  it("refuses a filter without the field its operator needs", () => {
    expect(issues([{ operator: "IS", value: 1 }])).toEqual([
      { field: "[0].field", message: "IS needs a field name" },
    ]);
  });

  it("refuses the wrong kind of value for an operator", () => {
    expect(issues([{ field: "t", operator: "IS_BETWEEN", value: "now-7d" }])[0]?.message).toMatch(
      /IS_BETWEEN/,
    );
    expect(issues([{ field: "t", operator: "IS_ONE_OF", value: [] }])[0]?.message).toMatch(
      /at least one value/,
    );
    expect(issues([{ field: "t", operator: "IS", value: [1, 2] }])[0]?.field).toBe("[0].value");
    expect(issues([{ field: "t", operator: "IS_ONE_OF_TERMS", value: [1] }])[0]?.field).toBe("[0].value");
  });

  it("words what is wrong in the SDK's own terms", () => {
    expect(issues([{ field: "t", operator: "IS", value: [1, 2] }])[0]?.message).toBe(
      "IS: takes a text, a number or a boolean",
    );
    expect(issues([{ field: "t", operator: "IS", value: Number.POSITIVE_INFINITY }])[0]?.message).toBe(
      "IS: numbers must be finite",
    );
    expect(issues([{ field: "t", operator: "IS_BETWEEN", value: ["", "now"] }])[0]?.message).toMatch(
      /^IS_BETWEEN: takes a non-empty text/,
    );
    expect(issues([{ field: "t", operator: "IS_BETWEEN", value: ["now-7d", "now", "x"] }])).toEqual([
      { field: "[0].value", message: "IS_BETWEEN: IS_BETWEEN takes a [from, to] pair" },
    ]);
    expect(issues([{ field: "t", value: 1 }])).toEqual([
      { field: "[0].operator", message: "operator is required" },
    ]);
    expect(issues(["status:2"])).toEqual([{ field: "[0]", message: "must be an object" }]);
  });
});

import { scalar, tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";

// The equality tester of test/setup/tensorEquality.ts: toEqual on tensors compares values.
describe("toEqual on tensors", () => {
  it("tells tensors apart by value, dtype and shape, in trees too", () => {
    expect(scalar(0, "int32")).not.toEqual(scalar(5, "int32"));
    expect(tensor([1, 2])).not.toEqual(tensor([1, 3]));
    expect(tensor([1, 2])).not.toEqual(tensor([1, 2], { dtype: "float64" }));
    expect(tensor([1, 2])).not.toEqual(tensor([1, 2], { shape: [2, 1] }));
    expect({ w: [tensor([1, 2])] }).not.toEqual({ w: [tensor([1, 2.5])] });
    expect(tensor([0])).not.toEqual(tensor([-0]));
    expect(tensor([1, Number.NaN])).toEqual(tensor([1, Number.NaN]));
    expect({ w: [tensor([1, 2])] }).toEqual({ w: [tensor([1, 2])] });
  });
});

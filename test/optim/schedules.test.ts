import { tensor } from "@tapegrad/autograd";
import {
  adam,
  constantSchedule,
  cosineDecay,
  exponentialDecay,
  linearSchedule,
  piecewiseConstantSchedule,
  type Schedule,
  stepDecay,
  warmupCosineDecay,
} from "@tapegrad/optim";
import { describe, expect, it } from "vitest";

const at = (s: Schedule, steps: number[]) => steps.map((t) => s(t));
const close = (a: number[], b: number[]) => a.forEach((x, i) => void expect(x).toBeCloseTo(b[i]!, 14));

describe("schedules: values from their formulas", () => {
  it("constantSchedule", () => {
    expect(at(constantSchedule(0.3), [0, 1, 1000])).toEqual([0.3, 0.3, 0.3]);
  });
  it("exponentialDecay: init·rate^(max(0, t − begin)/steps), floored with staircase, bounded by endValue", () => {
    close(at(exponentialDecay({ initValue: 2, decayRate: 0.5 }), [0, 1, 3]), [2, 1, 0.25]);
    const s = exponentialDecay({ initValue: 1, decayRate: 0.1, transitionSteps: 4, transitionBegin: 2 });
    close(at(s, [0, 2, 4, 6, 10]), [1, 1, 0.1 ** 0.5, 0.1, 0.01]);
    const st = exponentialDecay({ initValue: 1, decayRate: 0.1, transitionSteps: 4, staircase: true });
    close(at(st, [3, 4, 7, 8]), [1, 0.1, 0.1, 0.01]);
    const floor = exponentialDecay({ initValue: 1, decayRate: 0.5, endValue: 0.2 });
    close(at(floor, [1, 2, 3, 50]), [0.5, 0.25, 0.2, 0.2]);
    const grow = exponentialDecay({ initValue: 1, decayRate: 2, endValue: 5 });
    close(at(grow, [2, 3]), [4, 5]);
  });
  it("stepDecay: init·γ^⌊t/size⌋ (PyTorch StepLR)", () => {
    close(at(stepDecay({ initValue: 1, stepSize: 3 }), [0, 2, 3, 6, 8]), [1, 1, 0.1, 0.01, 0.01]);
    close(at(stepDecay({ initValue: 1, stepSize: 2, gamma: 0.5 }), [1, 2, 5]), [1, 0.5, 0.25]);
  });
  it("cosineDecay: init·((1−α)·½(1 + cos(π·min(t, T)/T)) + α)", () => {
    const s = cosineDecay({ initValue: 2, decaySteps: 10, alpha: 0.1 });
    const f = (t: number) => 2 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, 10)) / 10)) + 0.1);
    close(at(s, [0, 3, 5, 10, 20]), [0, 3, 5, 10, 20].map(f));
    close(at(s, [0, 5, 10]), [2, 1.1, 0.2]);
  });
  it("warmupCosineDecay: linear up to the peak over W steps, then cosine over decaySteps − W", () => {
    const s = warmupCosineDecay({
      initValue: 0.1,
      peakValue: 1,
      warmupSteps: 4,
      decaySteps: 14,
      endValue: 0.2,
    });
    close(at(s, [0, 2, 4, 9, 14, 30]), [0.1, 0.55, 1, 0.6, 0.2, 0.2]);
    const noWarmup = warmupCosineDecay({ peakValue: 1, warmupSteps: 0, decaySteps: 4 });
    close(at(noWarmup, [0, 2, 4]), [1, 0.5, 0]);
  });
  it("linearSchedule: init + (end − init)·clip(t − begin, 0, T)/T", () => {
    const s = linearSchedule({ initValue: 1, endValue: 0.2, transitionSteps: 8, transitionBegin: 2 });
    close(at(s, [0, 2, 4, 10, 100]), [1, 1, 0.8, 0.2, 0.2]);
  });
  it("piecewiseConstantSchedule: init·Π scales of the boundaries ≤ t", () => {
    const s = piecewiseConstantSchedule({ initValue: 1, boundariesAndScales: { 10: 0.5, 3: 0.1 } });
    close(at(s, [0, 2, 3, 9, 10, 99]), [1, 1, 0.1, 0.1, 0.05, 0.05]);
  });
});

describe("schedules: bad input", () => {
  it("names the schedule and the option", () => {
    expect(() => constantSchedule(Number.NaN)).toThrow(
      "constantSchedule: value must be a finite number ≥ 0, got NaN",
    );
    expect(() => exponentialDecay({ initValue: 1, decayRate: 0 })).toThrow(
      "exponentialDecay: decayRate must be a finite number > 0, got 0",
    );
    expect(() => exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 0 })).toThrow(
      "exponentialDecay: transitionSteps must be an integer ≥ 1, got 0",
    );
    expect(() => stepDecay({ initValue: 1, stepSize: 1.5 })).toThrow(
      "stepDecay: stepSize must be an integer ≥ 1",
    );
    expect(() => cosineDecay({ initValue: 1, decaySteps: 10, alpha: 2 })).toThrow(
      "cosineDecay: alpha must be a finite number in [0, 1], got 2",
    );
    expect(() => warmupCosineDecay({ peakValue: 1, warmupSteps: 10, decaySteps: 10 })).toThrow(
      "warmupCosineDecay: decaySteps (10) must exceed warmupSteps (10)",
    );
    expect(() => linearSchedule({ initValue: -1, endValue: 0, transitionSteps: 1 })).toThrow(
      "linearSchedule: initValue must be a finite number ≥ 0, got -1",
    );
    expect(() => piecewiseConstantSchedule({ initValue: 1, boundariesAndScales: { 5: -1 } })).toThrow(
      "piecewiseConstantSchedule: the scale at boundary 5 must be a finite number ≥ 0, got -1",
    );
  });
  it("a schedule that returns NaN or a negative rate is caught at the step, naming the optimizer", () => {
    const opt = adam({ learningRate: (t) => (t < 2 ? 1e-3 : Number.NaN) });
    const p = tensor([1, 2]);
    let s = opt.init(p);
    s = opt.update(p, s, p).state;
    s = opt.update(p, s, p).state;
    expect(() => opt.update(p, s, p)).toThrow(
      "adam.update: the learning-rate schedule returned NaN at step 2; it must return a finite number ≥ 0",
    );
    const neg = adam({ learningRate: () => -1 });
    expect(() => neg.update(p, neg.init(p), p)).toThrow("schedule returned -1 at step 0");
  });
});

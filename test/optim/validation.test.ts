import { tensor, zeros } from "@tapegrad/autograd";
import {
  adadelta,
  adagrad,
  adam,
  adamax,
  adamw,
  amsgrad,
  type GradientTransformation,
  kerasAdam,
  kerasRmsprop,
  nadam,
  radam,
  rmsprop,
  scaleByAdam,
  sgd,
} from "@tapegrad/optim";
import { describe, expect, it } from "vitest";

type Factory = (o: Record<string, unknown>) => GradientTransformation<any>;
const optimizers: Record<string, Factory> = {
  sgd: (o) => sgd({ learningRate: 0.1, ...o }),
  adam,
  amsgrad,
  adamw,
  kerasAdam,
  rmsprop,
  kerasRmsprop,
  adagrad,
  adadelta,
  adamax,
  nadam,
  radam,
};
const entries = Object.entries(optimizers);

describe("hyper-parameters: a clear error naming the optimizer", () => {
  it("the documented message", () => {
    expect(() => adam({ learningRate: Number.NaN })).toThrow(
      "adam: learningRate must be a finite number ≥ 0 (or a schedule), got NaN",
    );
    expect(() => sgd({} as never)).toThrow(
      "sgd: learningRate must be a finite number ≥ 0 (or a schedule), got undefined",
    );
  });
  it.each(entries)("%s: NaN, negative, infinite or non-numeric learning rates", (name, make) => {
    for (const bad of [Number.NaN, -1e-3, Number.POSITIVE_INFINITY, "0.1"]) {
      expect(() => make({ learningRate: bad })).toThrow(`${name}: learningRate must be a finite number ≥ 0`);
    }
    expect(() => make({ learningRate: 0 })).not.toThrow();
  });
  it.each(entries)("%s: negative weight decay or ε", (name, make) => {
    if (name !== "kerasRmsprop")
      expect(() => make({ weightDecay: -0.1 })).toThrow(`${name}: weightDecay must be`);
    if (name !== "sgd")
      expect(() => make({ eps: Number.NaN })).toThrow(`${name}: eps must be a finite number ≥ 0, got NaN`);
  });
  it("out-of-range hyper-parameters", () => {
    const cases: [() => unknown, string][] = [
      [() => adam({ beta1: 1 }), "adam: beta1 must be a finite number in [0, 1), got 1"],
      [() => amsgrad({ beta2: -0.1 }), "amsgrad: beta2 must be a finite number in [0, 1), got -0.1"],
      [() => adamw({ beta2: Number.NaN }), "adamw: beta2 must be a finite number in [0, 1), got NaN"],
      [() => kerasAdam({ beta1: 1.5 }), "kerasAdam: beta1 must be a finite number in [0, 1), got 1.5"],
      [
        () => adam({ epsConvention: "tf" as never }),
        `adam: epsConvention must be 'pytorch' or 'keras', got "tf"`,
      ],
      [() => adam({ amsgrad: 1 as never }), "adam: amsgrad must be true or false, got 1"],
      [
        () => sgd({ learningRate: 0.1, momentum: -0.9 }),
        "sgd: momentum must be a finite number ≥ 0, got -0.9",
      ],
      [
        () => sgd({ learningRate: 0.1, dampening: 2 }),
        "sgd: dampening must be a finite number in [0, 1], got 2",
      ],
      [
        () => sgd({ learningRate: 0.1, nesterov: true }),
        "sgd: Nesterov momentum needs momentum > 0 and dampening = 0",
      ],
      [
        () => sgd({ learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
        "sgd: Nesterov momentum needs momentum > 0 and dampening = 0, got 0.9 and 0.1",
      ],
      [() => rmsprop({ alpha: 1.5 }), "rmsprop: alpha must be a finite number in [0, 1], got 1.5"],
      [() => rmsprop({ momentum: -1 }), "rmsprop: momentum must be a finite number ≥ 0, got -1"],
      [() => kerasRmsprop({ rho: 2 }), "kerasRmsprop: rho must be a finite number in [0, 1], got 2"],
      [() => adagrad({ lrDecay: -1 }), "adagrad: lrDecay must be a finite number ≥ 0, got -1"],
      [
        () => adagrad({ initialAccumulatorValue: -1 }),
        "adagrad: initialAccumulatorValue must be a finite number ≥ 0, got -1",
      ],
      [() => adadelta({ rho: 1.1 }), "adadelta: rho must be a finite number in [0, 1], got 1.1"],
      [() => adamax({ beta2: 1 }), "adamax: beta2 must be a finite number in [0, 1), got 1"],
      [
        () => nadam({ momentumDecay: Number.NaN }),
        "nadam: momentumDecay must be a finite number ≥ 0, got NaN",
      ],
      [() => radam({ beta1: Number.NaN }), "radam: beta1 must be a finite number in [0, 1), got NaN"],
      [() => adam(3 as never), "adam: expects an options object, got 3"],
      [() => scaleByAdam({ beta1: 2 }), "scaleByAdam: beta1 must be a finite number in [0, 1), got 2"],
    ];
    for (const [f, msg] of cases) expect(f).toThrow(msg);
  });
});

describe("update: gradients that do not fit, named", () => {
  const params = { kernel: zeros([2, 3], "float64") };
  it("a structure that differs from the state's", () => {
    const opt = adam();
    const s = opt.init(params);
    const grads = { kernel: zeros([2, 3], "float64"), bias: zeros([3], "float64") };
    expect(() => opt.update(grads, s)).toThrow(
      "adam.update: gradient tree structure {bias, kernel} differs from the state's {kernel}",
    );
    expect(() => opt.update(grads, s, params)).toThrow(
      "adam.update: gradient tree structure {bias, kernel} differs from the parameters' {kernel}",
    );
  });
  it.each(entries)("%s: a shape that differs, naming the leaf path and both shapes", (name, make) => {
    const opt = make({ weightDecay: 0 });
    const p = { layers: [{ kernel: zeros([2, 3], "float64") }] };
    const s = opt.init(p);
    const g = { layers: [{ kernel: zeros([3, 2], "float64") }] };
    expect(() => opt.update(g, s, p)).toThrow(
      `${name}.update: gradient at layers[0].kernel has shape [3, 2], but the parameters' leaf has [2, 3]`,
    );
    if (name !== "sgd") {
      // without params, the state is the reference (sgd without momentum keeps none)
      expect(() => opt.update(g, s)).toThrow(
        new RegExp(
          `^${name}\\.update: gradient at layers\\[0\\]\\.kernel has shape \\[3, 2\\], but the state's leaf has \\[2, 3\\]`,
        ),
      );
    }
  });
  it("a dtype that differs", () => {
    const opt = adam();
    expect(() => opt.update({ kernel: zeros([2, 3]) }, opt.init(params))).toThrow(
      "adam.update: gradient at kernel has dtype float32, but the state's leaf has float64",
    );
  });
  it("weight decay without the parameters", () => {
    const opt = adamw();
    expect(() => opt.update(params, opt.init(params))).toThrow(
      "adamw.update: weight decay needs the parameters: call update(grads, state, params)",
    );
  });
  it("a state that is not this optimizer's", () => {
    const s = sgd({ learningRate: 0.1 }).init(params);
    expect(() => adam().update(params, s as never, params)).toThrow(
      /^adam\.update: state must be an array of 4/,
    );
    expect(() => adadelta().update(params, adagrad().init(params) as never)).toThrow(
      /^adadelta\.update: state must have 'squareAvg' \(pass the state that init or update returned\), got \{sumOfSquares\}/,
    );
  });
  it("int32 parameters and non-trees", () => {
    expect(() => adam().init({ w: tensor([1, 2], { dtype: "int32" }) })).toThrow(
      "adam.init: parameter at w has dtype int32; optimizers step float32 or float64 parameters",
    );
    expect(() => adam().init({ w: [1, 2] } as never)).toThrow(/^adam\.init: params is not a tree of tensors/);
    const opt = adam();
    expect(() => opt.update(undefined as never, opt.init(params))).toThrow(
      "adam.update: the gradient tree must be a tree of tensors, got undefined",
    );
  });
});

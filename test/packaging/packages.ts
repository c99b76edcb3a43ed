/**
 * The publishable packages, a few exports each must have, and the NodeNext consumers that must
 * type-check against each one's published `.d.ts` (ESM) and `.d.cts` (CJS).
 */

export interface Publishable {
  /** npm name. */
  readonly name: string;
  /** Folder under packages/. */
  readonly dir: string;
  /** Runtime exports that must be functions, from both `import` and `require`. */
  readonly functions: readonly string[];
  /** Body of a consumer module (after its import line) that must type-check, and must fail without real types. */
  readonly consumer: { readonly names: readonly string[]; readonly body: string };
}

// Each consumer ends with a @ts-expect-error line: if the published types were `any` or missing,
// that line would not be an error and tsc would fail on the unused directive.
export const publishable: readonly Publishable[] = [
  {
    name: "@tapegrad/autograd",
    dir: "autograd",
    functions: ["tensor", "grad", "valueAndGrad", "matmul", "key", "split"],
    consumer: {
      names: ["tensor", "grad", "sum", "mul", "type Tensor"],
      body: `
const x: Tensor = tensor([1, 2, 3]);
const g: Tensor = grad((t: Tensor) => sum(mul(t, t)))(x);
export const shape: readonly number[] = g.shape;
// @ts-expect-error a Tensor is not a number
export const wrong: number = x;
`,
    },
  },
  {
    name: "@tapegrad/gradcheck",
    dir: "gradcheck",
    functions: ["gradcheck", "assertGradientsMatch", "gradientProperty"],
    consumer: {
      names: ["gradcheck"],
      body: `
export const check: typeof gradcheck = gradcheck;
// @ts-expect-error gradcheck is a function, not a string
export const wrong: string = gradcheck;
`,
    },
  },
  {
    name: "@tapegrad/layers",
    dir: "layers",
    functions: ["dense", "serial"],
    consumer: {
      names: ["dense", "serial"],
      body: `
const model = serial(dense(4), dense(2));
export const init: typeof model.init = model.init;
// @ts-expect-error dense takes a number of units
dense("four");
`,
    },
  },
  {
    name: "@tapegrad/losses",
    dir: "losses",
    functions: ["mse", "softmaxCrossEntropy"],
    consumer: {
      names: ["mse"],
      body: `
export const loss: typeof mse = mse;
// @ts-expect-error mse takes tensors
mse("a", "b");
`,
    },
  },
  {
    name: "@tapegrad/optim",
    dir: "optim",
    functions: ["adam", "applyUpdates"],
    consumer: {
      names: ["adam"],
      body: `
const opt = adam({ learningRate: 1e-3 });
export const init: typeof opt.init = opt.init;
// @ts-expect-error learningRate is a number or a schedule
adam({ learningRate: "fast" });
`,
    },
  },
  {
    name: "tapegrad",
    dir: "tapegrad",
    functions: ["fit", "tensor", "dense", "mse", "adam", "gradcheck"],
    consumer: {
      names: ["fit", "tensor", "type Tensor"],
      body: `
export const f: typeof fit = fit;
export const t: Tensor = tensor([1]);
// @ts-expect-error a Tensor is not a string
export const wrong: string = t;
`,
    },
  },
];

/** The `@tapegrad/*` packages `name` depends on, transitively, from the workspace manifests. */
export const workspaceDeps = (
  name: string,
  manifests: ReadonlyMap<string, Record<string, string>>,
): string[] => {
  const seen = new Set<string>();
  const visit = (n: string): void => {
    for (const dep of Object.keys(manifests.get(n) ?? {})) {
      if (manifests.has(dep) && !seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
    }
  };
  visit(name);
  return [...seen];
};

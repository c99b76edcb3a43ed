import { chainFor } from "../core/chain";
import { named } from "../core/named";
import { type EmptyState, type GradientTransformation, optional } from "../core/transformation";
import { checkNumber, checkOptions, NON_NEGATIVE } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import { addWeightDecayFor } from "../transforms/addWeightDecay";
import { type ScaleByLearningRateState, scaleByLearningRateFor } from "../transforms/scaleByLearningRate";
import { type ScaleByRssOptions, type ScaleByRssState, scaleByRssFor } from "../transforms/scaleByRss";

/** Options of `adagrad` (defaults as `torch.optim.Adagrad`). */
export interface AdagradOptions extends ScaleByRssOptions {
  /** γ ≥ 0 or a schedule; default 1e-2. */
  readonly learningRate?: LearningRate;
  /** Learning-rate decay δ ≥ 0: the rate at step t (from 0) is `γ(t)/(1 + t·δ)`; default 0. */
  readonly lrDecay?: number;
  /** L2 weight decay λ ≥ 0; default 0. */
  readonly weightDecay?: number;
}

/** The state of `adagrad`: [weight decay, sum of squares, learning rate]. */
export type AdagradState = readonly [EmptyState, ScaleByRssState, ScaleByLearningRateState];

/**
 * Adagrad (Duchi et al.; PyTorch): `g ← g + λθ`, `s ← s + g²`, `θ ← θ − γ_t·g/(√s + ε)` with
 * `γ_t = γ/(1 + t·δ)`, t = 0, 1, …. Defaults γ = 1e-2, ε = 1e-10, s₀ = 0.
 * NOTE: ε outside the root (PyTorch; Keras and Optax put it inside, Keras starts s at 0.1).
 *
 * @example
 * const opt = adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.1 })
 */
export const adagrad = (opts?: AdagradOptions): GradientTransformation<AdagradState> => {
  const o = checkOptions("adagrad", opts);
  const lrDecay = checkNumber("adagrad", "lrDecay", o.lrDecay ?? 0, NON_NEGATIVE);
  const lr = scaleByLearningRateFor(
    "adagrad",
    o.learningRate ?? 1e-2,
    lrDecay > 0 ? (t) => 1 / (1 + t * lrDecay) : undefined,
  );
  const wd = checkNumber("adagrad", "weightDecay", o.weightDecay ?? 0, NON_NEGATIVE);
  const stages = [
    optional(wd > 0, addWeightDecayFor("adagrad", wd)),
    scaleByRssFor("adagrad", o),
    lr,
  ] as const;
  return named("adagrad", chainFor("adagrad", stages), wd > 0);
};

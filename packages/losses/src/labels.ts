import type { Tensor } from "@tapegrad/autograd";
import { firstBad, fmtShape, lossError, valueAt } from "./reduction";

/**
 * Checks int32 class labels against scores of shape [...batch, C]: labels of shape [...batch],
 * each in [0, C). `scores` names the score tensor in messages ("logits", "log-probabilities").
 */
export const checkLabels = (loss: string, scores: Tensor, labels: Tensor, scoresName: string): void => {
  if (scores.rank === 0) {
    throw lossError(loss, `${scoresName} need a class axis (the last), got a scalar`);
  }
  const batch = scores.shape.slice(0, -1);
  const c = scores.shape[scores.rank - 1]!;
  if (c === 0)
    throw lossError(loss, `${scoresName} of shape ${fmtShape(scores.shape)} have no classes (last axis 0)`);
  const same = labels.rank === batch.length && batch.every((d, i) => d === labels.shape[i]);
  if (!same) {
    throw lossError(
      loss,
      `int32 labels of shape ${fmtShape(labels.shape)} do not match ${scoresName} of shape ` +
        `${fmtShape(scores.shape)} (expected labels of shape ${fmtShape(batch)}, classes on the last axis)`,
    );
  }
  const i = firstBad(labels, (k) => k >= 0 && k < c);
  if (i >= 0) {
    throw lossError(
      loss,
      `label ${valueAt(labels, i)} at flat position ${i} is out of range [0, ${c}) ` +
        `(labels ${fmtShape(labels.shape)}, ${scoresName} ${fmtShape(scores.shape)})`,
    );
  }
};

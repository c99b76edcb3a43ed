import { allocate } from "../dtype";
import { fromData, type Tensor } from "../tensor";

/** @internal A concrete zero scalar of x's dtype (broadcasts anywhere; carries no trace). */
export const zerosLikeConcrete = (x: Tensor): Tensor => fromData(allocate(x.dtype, 1), []);

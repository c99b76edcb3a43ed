// Kernel-level access shared inside the package; not exported from the package root.
export { dataOf, fromData, Tensor } from "./tensor";
export { apply, concrete } from "./trace";

// Whether the network input has ink at all (an empty pad gives all zeros: nothing to show but biases).

/** True when some value of the input is above 0. */
export function hasInk(input: ArrayLike<number>): boolean {
  for (let i = 0; i < input.length; i++) if (input[i] > 0) return true;
  return false;
}

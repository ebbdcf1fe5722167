// SKELETON: replaced by the ShiftPanel implementation before this branch is merged.
import type { ModelId } from '../../../core/protocol';

export function ShiftPanel(_props: { model?: ModelId }) {
  return <p className="placeholder">ShiftPanel</p>;
}

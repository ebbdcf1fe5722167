// SKELETON: replaced by the ComparePanel implementation before this branch is merged.
import type { ModelId } from '../../../core/protocol';

export function ComparePanel(_props: { model?: ModelId }) {
  return <p className="placeholder">ComparePanel</p>;
}

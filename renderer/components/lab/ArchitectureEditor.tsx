// SKELETON: replaced by the ArchitectureEditor implementation before this branch is merged.
import type { ModelId } from '../../../core/protocol';

export function ArchitectureEditor(_props: { model?: ModelId }) {
  return <p className="placeholder">ArchitectureEditor</p>;
}

// Placeholder: every layer's feature maps for the current input — replaced by its owner.
import { useStore } from '../../store';

export function FeatureMaps() {
  const layers = useStore((s) => s.activations?.outputs.length ?? 0);
  return (
    <div className="placeholder" data-testid="maps.placeholder">
      {layers ? `${layers} layer outputs available for the current input.` : 'Draw a digit to see each layer’s feature maps.'}
    </div>
  );
}

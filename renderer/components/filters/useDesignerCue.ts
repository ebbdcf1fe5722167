// The designer's sliding filter and the lesson: plays the animation when the store cues it (from the first window,
// or from the first pooling window), and mirrors the player's state into the store (on, playing, which phase), so
// the lesson can tell the student watched it. Only the player's low-rate changes are mirrored (play, pause, a step by
// hand, the end), never its frames: the phase a playing animation reaches is known when it stops or is stepped.
import { useEffect } from 'react';
import type { PlayState, Timeline } from '../../lib/filters/animation';
import type { AnimationPlayer } from '../../lib/filters/player';
import { useStore } from '../../store';
import { OFF_ANIM } from '../../store/lesson';

export function useDesignerCue(player: AnimationPlayer, t: Timeline | null): void {
  const cue = useStore((s) => s.designerCue);

  useEffect(() => {
    if (!t) return;
    const mirror = (s: PlayState) => useStore.getState().setDesignerAnim({ on: s.on, playing: s.playing, phase: s.on ? (s.step >= t.conv ? 'pool' : 'conv') : null });
    mirror(player.get());
    return player.onChange(mirror);
  }, [player, t]);
  useEffect(() => () => useStore.getState().setDesignerAnim(OFF_ANIM), []);

  useEffect(() => {
    if (!cue || !t || t.total === 0) return;
    useStore.getState().takeDesignerCue();
    player.dispatch(cue.kind === 'pool' && t.pool > 0 ? { type: 'seek', step: t.conv } : { type: 'home' });
    player.dispatch({ type: 'play' });
  }, [cue, t, player]);
}

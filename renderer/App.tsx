// The studio's one screen: a header with the workspace tabs, messages, and the open workspace (Explore: the four
// panels; Lab: the architecture editor, the comparison and the shift test) with the lesson rail beside it when open.
// Panels are given the model they show.
import { useController } from './app/context';
import { useImagePaste } from './app/image-drop';
import { useModelDrop } from './app/model-drop';
import { useBrowserShortcuts } from './app/shortcuts';
import { useWorkspace } from './app/workspace';
import { Header } from './components/Header';
import { Messages } from './components/common/Messages';
import { LessonRail } from './components/lesson/LessonRail';
import { Explore } from './components/workspaces/Explore';
import { Lab } from './components/workspaces/Lab';
import { useStore } from './store';

export function App() {
  const controller = useController();
  useBrowserShortcuts(controller);
  useModelDrop(controller);
  useImagePaste(controller);
  const current = useStore((s) => s.current);
  const workspace = useWorkspace();
  const lesson = useStore((s) => s.lesson.open);
  return (
    <div className={lesson ? 'app lesson-open' : 'app'}>
      <Header model={current} workspace={workspace} />
      <Messages />
      <div className="app-main">
        {/* before the workspace for the keyboard (the header's Lesson switch, then the rail); shown on the right */}
        <LessonRail />
        {workspace === 'lab' ? <Lab model={current} /> : <Explore model={current} />}
      </div>
    </div>
  );
}

// React access to the controller (one per app; tests pass their own with a fake host).
import { createContext, useContext } from 'react';
import type { Controller } from './controller';

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): Controller {
  const c = useContext(ControllerContext);
  if (!c) throw new Error('useController: no ControllerContext provider above this component');
  return c;
}

import Home from './screens/Home';
import Message from './screens/Message';
import PinEntry from './screens/PinEntry';
import Progress from './screens/Progress';
import Settings from './screens/Settings';

/**
 * Every screen by name. The app keeps its own history stack (see App): flow screens replace each other while the
 * card works, so Back always goes one step back in what the viewer saw, never into a finished step.
 */
export const ROUTES = {
  home: Home,
  settings: Settings,
  pin: PinEntry,
  progress: Progress,
  message: Message,
} as const;
export type RouteName = keyof typeof ROUTES;
export type RouteParams<R extends RouteName> = InstanceType<(typeof ROUTES)[R]>['params'];

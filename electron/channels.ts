// IPC channels private to the Electron shell (not part of core's DesktopApi contract): shared by preload and main.

/** Sent by the preload when the page subscribes to session events; main answers by replaying the last 'ready'. */
export const SUBSCRIBE_CHANNEL = 'session:subscribe';

/** `forceLog` of `react-native-force`: a leveled console. */

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];
let level: Level = 'info';

/** Sets the lowest level written. */
export function setLogLevel(newLevel: Level): void {
  level = newLevel;
}

/** The lowest level written. */
export function getLogLevel(): Level {
  return level;
}

function writer(at: Level) {
  return (...args: unknown[]) => {
    if (LEVELS.indexOf(at) >= LEVELS.indexOf(level)) console[at](...args);
  };
}

/** The SDK's console, filtered by level. */
export const sdkConsole = {
  debug: writer('debug'),
  info: writer('info'),
  warn: writer('warn'),
  error: writer('error'),
};

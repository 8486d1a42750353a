/**
 * Whether this process is a build daemon (server.ts sets it). The build command then transforms on its own thread:
 * the parser is loaded and warm here, so the transform worker a one-shot build starts to load it in parallel would
 * only add its start.
 */
export const buildDaemonMode = { active: false };

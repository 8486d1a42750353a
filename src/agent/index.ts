/** The agent layer's public API: the agent service, the offline router and the model endpoint client. */
export { createAgentService, type AgentDevice, type AgentResponse, type AgentService, type AgentServiceOptions, type ExecutionResult } from './service.js';
export { buildIndex, route, clarify, type InstalledApp, type RouteOutcome, type Candidate, type Clarification } from './router.js';
export { routeWithModel, modelConfigFromEnv, ModelRouteError, type ModelConfig } from './model.js';
export { validate, type SchemaError } from './schema.js';
export { evaluate, clockFromIso, type EvalCase, type EvalReport } from './evaluate.js';

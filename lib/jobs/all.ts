/**
 * Every scheduled job of the app, registered on import (one line per module that calls registerJob).
 * instrumentation.ts imports this file and starts the scheduler with registeredJobs().
 */
import './retention';
import '../audit/jobs';

/**
 * The simulator's organization routes. (Not written yet.)
 */
import type { Route } from "./core.js"

export const routes: ReadonlyArray<Route> = []

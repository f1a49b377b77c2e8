/**
 * The simulator's users routes. (Not written yet.)
 */
import type { Route } from "./core.js"

export const routes: ReadonlyArray<Route> = []

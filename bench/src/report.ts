import type { Summary } from "./stats.js";

/** One measured figure of a suite. */
export interface Figure {
  name: string;
  unit: string;
  summary: Summary;
}

/** A published goal beside what was measured, honestly. */
export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean;
  note?: string;
}

/** A chart a suite renders into bench/results/*.svg. */
export interface Chart {
  file: string;
  title: string;
  svg: string;
}

/** What one suite reports. */
export interface SuiteReport {
  id: string;
  title: string;
  figures: Figure[];
  goals: GoalCheck[];
  charts: Chart[];
}

/** Options every suite receives. */
export interface SuiteOptions {
  /** `pnpm bench --quick`: fewer repeats and shorter loads, the whole run under two minutes. */
  quick: boolean;
  log(message: string): void;
}

/** A benchmark suite: measures, then reports. */
export type Suite = (options: SuiteOptions) => Promise<SuiteReport>;

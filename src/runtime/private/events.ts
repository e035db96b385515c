/** The events a fleet wave reports besides its progress lines (schema in docs/fleets.md#events). */
import type { CommandContext } from '../command';

export type FleetEvent =
  | { readonly type: 'selection'; readonly selector: string; readonly servers: number; readonly serverIds: readonly string[] }
  | { readonly type: 'wave-start'; readonly wave: number; readonly servers: number; readonly alreadyDone: number }
  | { readonly type: 'step'; readonly wave: number; readonly step: string; readonly servers: number; readonly failed: number }
  | {
      readonly type: 'server-failed';
      readonly wave: number;
      readonly serverId: string;
      readonly step: string;
      readonly errorCode?: string;
      readonly reason: string;
    }
  | { readonly type: 'health-check'; readonly wave: number; readonly healthy: boolean; readonly attempts: number }
  | {
      readonly type: 'wave-end';
      readonly wave: number;
      readonly waves: number;
      readonly changed: number;
      readonly alreadyDone: number;
      readonly failed: readonly string[];
    };

/** Appends the event to the run's events file, when `ECS_LIFECYCLE_EVENTS` names one. */
export function emit(context: CommandContext, event: FleetEvent): void {
  context.progress.event(event);
}

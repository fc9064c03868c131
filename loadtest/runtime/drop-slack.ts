/** An arrival-rate start overdue by more than this found no free VU: it is dropped, as in k6 (and the runner may start another VU, up to maxVUs). */
export const DROP_SLACK_MS = 10

/** A message for people (e-mail, Slack, PagerDuty through a Notifications topic). */
export interface Notification {
  title: string;
  body: string;
}

/** Publishes notifications. */
export interface Notifier {
  publish(message: Notification): Promise<{ messageId: string }>;
}

/**
 * @app/usage-feeds — usage sessions across platforms: pulling partners' and
 * the province's usage feeds into @app/usage (mapped to OUR bookings, so it
 * needs @app/booking, which is why this is not in federation or usage), and
 * serving UsageService to partners about their own bookings here.
 */
export * from './jobs/usage-feeds.queue';
export * from './domain/feed-records';
export * from './use-cases/pull-usage-feed.usecase';
export * from './use-cases/serve-usage.usecase';
export * from './use-cases/list-usage-feeds.usecase';
export { UsageFeedsCoreModule, UsageFeedsModule, UsageFeedsJobsModule } from './usage-feeds.module';

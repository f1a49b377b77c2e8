/**
 * Messages: push notifications, emails and SMS. Create them, read them back
 * with their delivery statistics, list them, and export their events.
 *
 * The field set of a message is written once ({@link basicNotificationFields});
 * the request model {@link Notification} and the response model
 * {@link NotificationWithMeta} are derived from it.
 *
 * Field names are OneSignal's JSON keys. A few of them are not snake_case on
 * the wire (`isIos`, `isAnyWeb`, `ios_badgeType`, ...) even though some SDKs
 * expose them as `is_ios` / `ios_badge_type`: the JSON key is what is used here.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions, IdempotentCallOptions } from "./CallOptions.js"
import type { ResponseMeta } from "./internal/endpoint.js"
import type { LenientFields, ReportedForm, RequestFields } from "./Fields.js"
import { lenientFields, requestFields, withReportedForm } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"
import {
  Button,
  FilterExpression,
  IncludeAliases,
  JsonObject,
  LanguageStringMap,
  OutcomeData,
  GenericSuccessBoolResponse,
  PlatformDeliveryData,
  TargetChannel,
  WebButton
} from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Nested shapes and enumerations
// -----------------------------------------------------------------------------

/**
 * A background image and text colors for an Android notification.
 *
 * @since 0.1.0
 * @category Models
 */
export const AndroidBackgroundLayout = Schema.Struct({
  /** The image: an asset file, an Android resource name or a remote URL. */
  image: Schema.optional(Schema.String),
  /** Title color, ARGB hex (e.g. `FF0000FF` for blue). */
  headings_color: Schema.optional(Schema.String),
  /** Body text color, ARGB hex (e.g. `FFFF0000` for red). */
  contents_color: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type AndroidBackgroundLayout = typeof AndroidBackgroundLayout.Type

/**
 * How a lock screen shows an Android/Huawei notification: `1` public (whole
 * message), `0` private (content hidden if the user asked so), `-1` secret
 * (not shown at all).
 *
 * @since 0.1.0
 * @category Models
 */
export const LockScreenVisibility = Schema.Literal(-1, 0, 1)

/**
 * @since 0.1.0
 * @category Models
 */
export type LockScreenVisibility = typeof LockScreenVisibility.Type

/**
 * What `ios_badgeCount` does to the app icon badge: nothing (`None`), replace
 * it (`SetTo`) or add to it (`Increase`, negative to decrease).
 *
 * @since 0.1.0
 * @category Models
 */
export const IosBadgeType = Schema.Literal("None", "SetTo", "Increase")

/**
 * @since 0.1.0
 * @category Models
 */
export type IosBadgeType = typeof IosBadgeType.Type

/**
 * iOS 15+ interruption level of a notification, from least to most intrusive.
 *
 * @since 0.1.0
 * @category Models
 */
export const IosInterruptionLevel = Schema.Literal("passive", "active", "time_sensitive", "critical")

/**
 * @since 0.1.0
 * @category Models
 */
export type IosInterruptionLevel = typeof IosInterruptionLevel.Type

/**
 * Per-user delivery timing: at a time of day in each user's timezone
 * (`timezone`), or at the time of day each user was last active
 * (`last-active`, "Intelligent Delivery"). OneSignal reports messages sent
 * without delay as `immediate`.
 *
 * @since 0.1.0
 * @category Models
 */
export const DelayedOption = Schema.Literal("timezone", "last-active", "immediate")

/**
 * @since 0.1.0
 * @category Models
 */
export type DelayedOption = typeof DelayedOption.Type

/**
 * The kind of Huawei push message: a visible `message` or a silent `data` one.
 *
 * @since 0.1.0
 * @category Models
 */
export const HuaweiMessageType = Schema.Literal("data", "message")

/**
 * @since 0.1.0
 * @category Models
 */
export type HuaweiMessageType = typeof HuaweiMessageType.Type

/**
 * The `apns-push-type` header of an iOS push. Only `voip` is meant to be set
 * by callers; OneSignal itself uses `alert` and `background`.
 *
 * @since 0.1.0
 * @category Models
 */
export const ApnsPushType = Schema.Literal("voip", "alert", "background")

/**
 * @since 0.1.0
 * @category Models
 */
export type ApnsPushType = typeof ApnsPushType.Type

/**
 * A special kind of message (the `kind` field of a message, not the `kind`
 * filter of `getNotifications`). `warmup` sends an email as an Auto Warm Up
 * campaign: one email delivered to the audience gradually, stage by stage,
 * over several days (`email_warm_up` then describes the stages).
 *
 * @since 0.1.0
 * @category Models
 */
export const NotificationKind = Schema.Literal("warmup")

/**
 * @since 0.1.0
 * @category Models
 */
export type NotificationKind = typeof NotificationKind.Type

/**
 * How the stages of an Auto Warm Up campaign are used: `recommended` (the
 * default) lets OneSignal adjust them from past sending volumes, other
 * scheduled warm-up emails and the audience size; `custom` sends them as
 * given.
 *
 * @since 0.1.0
 * @category Models
 */
export const EmailWarmUpStrategy = Schema.Literal("recommended", "custom")

/**
 * @since 0.1.0
 * @category Models
 */
export type EmailWarmUpStrategy = typeof EmailWarmUpStrategy.Type

/**
 * Where an Auto Warm Up campaign is: `initializing` (its schedule is being
 * set up), `draft` (created, not sending yet), `active` (working through its
 * stages), `finished` (every stage done) or `canceled` (stopped early).
 *
 * @since 0.1.0
 * @category Models
 */
export const EmailWarmUpStatus = Schema.Literal("initializing", "draft", "active", "finished", "canceled")

/**
 * @since 0.1.0
 * @category Models
 */
export type EmailWarmUpStatus = typeof EmailWarmUpStatus.Type

const emailWarmUpStageRequestFields = {
  /** When the stage starts (ISO 8601); none of its emails go out before. */
  start: Schema.String,
  /** When the stage ends (ISO 8601); its quota is meant to be sent by then. */
  end: Schema.String,
  /** How many emails the stage sends. */
  quota: Schema.Int
}

const emailWarmUpStageFields = {
  ...emailWarmUpStageRequestFields,
  /** Whether OneSignal's warm-up scheduler has picked the stage up (answers only: not accepted on create). */
  acked: Schema.Boolean
}

/**
 * One stage of an Auto Warm Up campaign: a time window and how many emails
 * go out in it. Requests give `start`, `end` and `quota`; answers add
 * `acked` and are decoded leniently.
 *
 * @since 0.1.0
 * @category Models
 */
export const EmailWarmUpStage: EmailWarmUpStageSchema = withReportedForm(
  Schema.Struct(requestFields(emailWarmUpStageRequestFields, ["start", "end", "quota"])),
  Schema.Struct(lenientFields(emailWarmUpStageFields))
)

/**
 * The schema of {@link EmailWarmUpStage}: strict, with its reported form for
 * answers beside it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EmailWarmUpStageSchema
  extends Schema.Struct<RequestFields<typeof emailWarmUpStageRequestFields, "start" | "end" | "quota">>
{
  readonly [ReportedForm]: Schema.Struct<LenientFields<typeof emailWarmUpStageFields>>
}

/**
 * @since 0.1.0
 * @category Models
 */
export type EmailWarmUpStage = typeof EmailWarmUpStage.Type

/**
 * An Auto Warm Up campaign as a message reports it (`email_warm_up` of a
 * message whose `kind` is `warmup`): its stages, how they were produced and
 * where the campaign is.
 *
 * @since 0.1.0
 * @category Models
 */
export const EmailWarmUp = Schema.Struct(lenientFields({
  /** The sending schedule, stage by stage. */
  stages: Schema.Array(EmailWarmUpStage),
  /** `recommended` (OneSignal produced or adjusted the stages) or `custom` (sent as given). */
  strategy: EmailWarmUpStrategy,
  /** `initializing`, `draft`, `active`, `finished` or `canceled`. */
  status: EmailWarmUpStatus,
  /** Whether the campaign is sending right now. */
  is_live: Schema.Boolean
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type EmailWarmUp = typeof EmailWarmUp.Type

const emailWarmUpRequestFields = {
  /** The stages of the campaign, in order; at least one. */
  stages: Schema.Array(EmailWarmUpStage).pipe(Schema.minItems(1)),
  /** `recommended` (the default: OneSignal may adjust the stages) or `custom` (sent as given). */
  strategy: EmailWarmUpStrategy
}

/**
 * The schedule of an Auto Warm Up campaign, sent with `kind: "warmup"`: at
 * least one stage, in order, and optionally the strategy. The campaign
 * starts at its first stage's `start` (so `send_after` cannot be combined
 * with it). In answers the field decodes as {@link EmailWarmUp}.
 *
 * @since 0.1.0
 * @category Models
 */
export const EmailWarmUpRequest: EmailWarmUpRequestSchema = withReportedForm(
  Schema.Struct(requestFields(emailWarmUpRequestFields, ["stages"])),
  EmailWarmUp
)

/**
 * The schema of {@link EmailWarmUpRequest}: strict, with the form of its
 * answers ({@link EmailWarmUp}) beside it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EmailWarmUpRequestSchema
  extends Schema.Struct<RequestFields<typeof emailWarmUpRequestFields, "stages">>
{
  readonly [ReportedForm]: typeof EmailWarmUp
}

/**
 * @since 0.1.0
 * @category Models
 */
export type EmailWarmUpRequest = typeof EmailWarmUpRequest.Type

// -----------------------------------------------------------------------------
// The field set of a message
// -----------------------------------------------------------------------------

const strings = Schema.Array(Schema.String)
const nullableString = Schema.NullOr(Schema.String)
const nullableBoolean = Schema.NullOr(Schema.Boolean)
const nullableInt = Schema.NullOr(Schema.Int)
const nullableStrings = Schema.NullOr(strings)
const nullableJsonObject = Schema.NullOr(JsonObject)
const nullableText = Schema.NullOr(LanguageStringMap)

const basicFields = {
  // --- app and audience -------------------------------------------------------

  /** The OneSignal app the message belongs to (a UUID, shown in Keys & IDs). */
  app_id: Schema.String,
  /** Names of the segments to send to; combine only with `excluded_segments`. */
  included_segments: strings,
  /** Names of segments whose users are skipped even when in `included_segments`. */
  excluded_segments: strings,
  /** Subscription ids to send to; excludes other targeting; up to 2,000 per request. */
  include_subscription_ids: nullableStrings,
  /** Email addresses to send to (deprecated spelling of `email_to`); unknown addresses create users. */
  include_email_tokens: strings,
  /** Email addresses to send to; unknown addresses create users; up to 2,000 per request. */
  email_to: strings,
  /** Phone numbers (E.164, already subscribed) to text; up to 2,000 per request. */
  include_phone_numbers: strings,
  /** Legacy: iOS production device tokens (alphanumeric only); prefer subscription ids or aliases. */
  include_ios_tokens: strings,
  /** Legacy: Windows push URIs; prefer subscription ids or aliases. */
  include_wp_wns_uris: strings,
  /** Legacy: Amazon ADM registration ids; prefer subscription ids or aliases. */
  include_amazon_reg_ids: strings,
  /** Legacy: Chrome App registration ids; prefer subscription ids or aliases. */
  include_chrome_reg_ids: strings,
  /** Legacy: Chrome web push registration ids; prefer subscription ids or aliases. */
  include_chrome_web_reg_ids: strings,
  /** Legacy: Android registration ids; prefer subscription ids or aliases. */
  include_android_reg_ids: strings,
  /** Users to send to, by alias label and ids (e.g. `{ external_id: [...] }`); excludes other targeting. */
  include_aliases: Schema.NullOr(IncludeAliases),
  /** The channel to use with alias targeting when a user has push, email and SMS subscriptions. */
  target_channel: TargetChannel,
  /**
   * Player ids to send to (from the 1.2.2 spec; superseded by `include_subscription_ids`).
   *
   * @deprecated use `include_subscription_ids`
   */
  include_player_ids: nullableStrings,
  /**
   * External user ids to send to (from the 1.2.2 spec; superseded by `include_aliases`).
   *
   * @deprecated use `include_aliases: { external_id: [...] }` with `target_channel`
   */
  include_external_user_ids: nullableStrings,
  /**
   * Channel to use with `include_external_user_ids` (from the 1.2.2 spec).
   *
   * @deprecated use `target_channel`
   */
  channel_for_external_user_ids: TargetChannel,

  // --- identity ---------------------------------------------------------------

  /** The message id (set by OneSignal). */
  id: Schema.String,
  /** An outcome value attached to the message (read-only, set by OneSignal). */
  value: Schema.Int,
  /** Internal label for the dashboard and exports, never shown to recipients; required for SMS. */
  name: nullableString,
  /** How the outcome `value` is aggregated (read-only, set by OneSignal). */
  aggregation: Schema.Literal("sum", "count"),

  // --- whole-platform targeting ----------------------------------------------

  /** Send to every subscription of the app's iOS platform. */
  isIos: nullableBoolean,
  /** Send to every subscription of the app's Android platform. */
  isAndroid: nullableBoolean,
  /** Send to every subscription of the app's Huawei platform. */
  isHuawei: nullableBoolean,
  /** Send to every web push subscriber (Chrome, Firefox, Safari): one flag for all three. */
  isAnyWeb: nullableBoolean,
  /** Send to every Chrome / Chrome-on-Android / Firefox web push subscriber. */
  isChromeWeb: nullableBoolean,
  /** Send to every Firefox desktop web push subscriber. */
  isFirefox: nullableBoolean,
  /** Send to every Safari desktop web push subscriber (not iOS Safari). */
  isSafari: nullableBoolean,
  /** Send to every subscription of the app's Windows platform. */
  isWP_WNS: nullableBoolean,
  /** Send to every subscription of the app's Amazon Fire platform. */
  isAdm: nullableBoolean,
  /** Send to every Chrome App / Extension subscription (not web push). */
  isChrome: nullableBoolean,

  // --- idempotency ------------------------------------------------------------

  /**
   * Former idempotency key; it does NOT target users by External ID (use
   * `include_aliases` for that). Write-only, honoured for 30 days.
   *
   * @deprecated use `idempotency_key`
   */
  external_id: nullableString,
  /** A unique key (e.g. a UUID) that makes a retried request return the first result instead of sending twice; kept 30 days. */
  idempotency_key: nullableString,

  // --- content ----------------------------------------------------------------

  /** The message body per language (`en` required); needed unless `template_id` or `content_available` is used. */
  contents: nullableText,
  /** The title per language (`en` required when set). */
  headings: nullableText,
  /** iOS 10+ subtitle per language. */
  subtitle: nullableText,
  /** Custom key/value data delivered to the app with the push, up to 2,048 bytes. */
  data: nullableJsonObject,
  /** Huawei only: send a visible `message` or a silent `data` push. */
  huawei_msg_type: Schema.NullOr(HuaweiMessageType),
  /** Page opened on click, all platforms (iOS needs https); supports substitutions. */
  url: nullableString,
  /** Like `url`, but only for web push recipients. */
  web_url: nullableString,
  /** Like `url`, but only for app (non-web) recipients. */
  app_url: nullableString,
  /** iOS 10+ media attachments: your media id mapped to a URL or bundled file name. */
  ios_attachments: nullableJsonObject,
  /** Id of a dashboard template to build the message from. */
  template_id: nullableString,
  /** iOS: `true` wakes the app in the background (`content-available`); omit `contents` for a silent push. */
  content_available: nullableBoolean,
  /** iOS 10+: lets a notification service extension modify the message; OneSignal always sets it. */
  mutable_content: Schema.Boolean,
  /** iOS 13+: targets an App Clip experience or a specific window of a multi-scene app. */
  target_content_identifier: nullableString,

  // --- images -----------------------------------------------------------------

  /** Android: expanded-view picture, as a drawable name or URL. */
  big_picture: nullableString,
  /** Image URL for every platform that shows one; platform-specific image fields win over it. */
  global_image: nullableString,
  /** Huawei: expanded-view picture, as a drawable name or URL. */
  huawei_big_picture: nullableString,
  /** Amazon: expanded-view picture, as a drawable name or URL. */
  adm_big_picture: nullableString,
  /** Chrome App: large picture under the text, as a local URL. */
  chrome_big_picture: nullableString,
  /** Chrome 56+ web push: large image under title and text. */
  chrome_web_image: nullableString,

  // --- buttons and categories ----------------------------------------------

  /** Mobile action buttons (iOS 8+, Android 4.1+, Amazon); shown in reverse order; icons on Android only. */
  buttons: Schema.NullOr(Schema.Array(Button)),
  /** Web push action buttons (Chrome 48+); each needs an `id`. */
  web_buttons: Schema.NullOr(Schema.Array(WebButton)),
  /** iOS: notification category, matched by your content extension (iOS 10+). */
  ios_category: nullableString,
  /** Android 8+: id of the notification channel (category) created in OneSignal. */
  android_channel_id: nullableString,
  /** Huawei: id of the notification channel (category) created in OneSignal. */
  huawei_channel_id: nullableString,
  /** Android: id of a channel your app already defines in code. */
  existing_android_channel_id: nullableString,
  /** Huawei: id of a channel your app already defines in code. */
  huawei_existing_channel_id: nullableString,
  /** Android: background image and text colors. */
  android_background_layout: AndroidBackgroundLayout,

  // --- icons ------------------------------------------------------------------

  /** Android: status bar icon resource (defaults to a bell or `ic_stat_onesignal_default`). */
  small_icon: nullableString,
  /** Huawei: status bar icon as a resource path (e.g. `/drawable/small_icon`); defaults to the app icon. */
  huawei_small_icon: nullableString,
  /** Android: large icon, as a drawable name or URL. */
  large_icon: nullableString,
  /** Huawei: large icon, as a drawable name or URL. */
  huawei_large_icon: nullableString,
  /** Amazon: status bar icon resource (defaults to a bell or `ic_stat_onesignal_default`). */
  adm_small_icon: nullableString,
  /** Amazon: large icon, as a drawable name or URL; falls back to the small icon. */
  adm_large_icon: nullableString,
  /** Web push icon URL (256x256 recommended, GIFs do not animate); Firefox uses it too. */
  chrome_web_icon: nullableString,
  /** Web push badge shown in Android's notification shade. */
  chrome_web_badge: nullableString,
  /** Firefox-only web push icon URL; rarely needed, `chrome_web_icon` covers Firefox. */
  firefox_icon: nullableString,
  /** Chrome App (not web push) icon, as a local URL; defaults to the app icon. */
  chrome_icon: nullableString,

  // --- sounds -----------------------------------------------------------------

  /** iOS: bundled sound file to play; `null` turns off sound and vibration. */
  ios_sound: nullableString,
  /** Android 7 and older: bundled sound without extension; `null` for silence. Use channels on Android 8+. */
  android_sound: nullableString,
  /** Huawei EMUI 5 and older: full path of a bundled sound, without extension. */
  huawei_sound: nullableString,
  /** Amazon: bundled sound without extension; `null` for silence. Ignored on Android 8+ based devices. */
  adm_sound: nullableString,
  /** Windows: bundled sound file to play. */
  wp_wns_sound: nullableString,

  // --- colors and visibility ---------------------------------------------------

  /** Android 7 and older: LED color, ARGB hex. Use channels on Android 8+. */
  android_led_color: nullableString,
  /** Huawei EMUI 5 and older: LED color, RGB hex. */
  huawei_led_color: nullableString,
  /** Android 5+: color of the circle behind the small icon, ARGB hex. */
  android_accent_color: nullableString,
  /** Huawei: accent color of buttons and group count, RGB hex; defaults to the theme color. */
  huawei_accent_color: nullableString,
  /** Android 5 to 7: lock screen visibility (1 public, 0 private, -1 secret). Use channels on Android 8+. */
  android_visibility: Schema.NullOr(LockScreenVisibility),
  /** Huawei EMUI 5 and older: lock screen visibility (1 public, 0 private, -1 secret). */
  huawei_visibility: Schema.NullOr(LockScreenVisibility),

  // --- badges -----------------------------------------------------------------

  /** iOS: how `ios_badgeCount` changes the app badge (`None`, `SetTo`, `Increase`). */
  ios_badgeType: Schema.NullOr(IosBadgeType),
  /** iOS: the badge number to set, or to add with `Increase` (negative to subtract). */
  ios_badgeCount: nullableInt,

  // --- grouping and collapsing -----------------------------------------------

  /** iOS 10+ / Android: a later message with the same id replaces this one on the device; max 64 characters. */
  collapse_id: Schema.String,
  /** Web push: messages with different topics are displayed side by side. */
  web_push_topic: nullableString,
  /** iOS 10+: raw `alert` dictionary for client-side localization (`loc-key`, ...). */
  apns_alert: nullableJsonObject,

  // --- scheduling and throttling ------------------------------------------

  /** Per-user timing (`timezone` or `last-active`), applied after `send_after` if both are set. */
  delayed_option: Schema.NullOr(DelayedOption),
  /** Local time of day for `delayed_option: "timezone"`, e.g. `"9:00AM"`, `"21:45"`, `"9:45:30"`. */
  delivery_time_of_day: nullableString,
  /** Push: seconds the push service keeps trying an offline device; default 3 days, max 28 days. */
  ttl: nullableInt,
  /** Push (Android, Chrome): `10` is high priority (wakes dozing devices), anything else normal. */
  priority: nullableInt,
  /** iOS: value of the `apns-push-type` header; set `voip` for VoIP pushes. */
  apns_push_type_override: ApnsPushType,
  /** Messages per minute for this message (`0` disables throttling); overrides the app setting. Sent as a string, read back as a number. */
  throttle_rate_per_minute: Schema.Union(Schema.Int, Schema.String),
  /** Push: whether the app's frequency cap applies to this message; `false` exempts it (paid plans with capping enabled). */
  enable_frequency_cap: nullableBoolean,

  // --- stacking -----------------------------------------------------------------

  /** Android: messages with the same group are stacked together. */
  android_group: nullableString,
  /** Android 6 and older: stack summary per language; `$[notif_count]` is replaced by the count. */
  android_group_message: Schema.NullOr(Schema.Union(LanguageStringMap, Schema.String)),
  /** Amazon: messages with the same group are stacked together. */
  adm_group: nullableString,
  /** Amazon: stack summary per language; `$[notif_count]` is replaced by the count. */
  adm_group_message: nullableText,
  /** iOS 12+: messages with the same thread id are grouped together. */
  thread_id: nullableString,
  /** iOS 12+: who the grouped messages come from, used in the group summary. */
  summary_arg: Schema.String,
  /** iOS 12+: how many messages this one adds to the group summary count. */
  summary_arg_count: Schema.Int,
  /** iOS 15+: ranking of the message within its group, between 0 and 1. */
  ios_relevance_score: Schema.NullOr(Schema.Finite),
  /** iOS 15+: how strongly the message may interrupt (Focus); default `active`. */
  ios_interruption_level: Schema.NullOr(IosInterruptionLevel),

  // --- email --------------------------------------------------------------------

  /** Email: the subject line; required for emails. */
  email_subject: nullableString,
  /** Email: the HTML body, which must contain an `[unsubscribe_url]` link; required unless `template_id` is set. Sent as-is. */
  email_body: Schema.String,
  /** Email: sender name; defaults to the app's email settings. */
  email_from_name: nullableString,
  /** Email: sender address; defaults to the app's email settings. */
  email_from_address: nullableString,
  /** Email: reply-to address; defaults to the sender address. */
  email_reply_to_address: nullableString,
  /** Email: preview text shown after the subject in inboxes. */
  email_preheader: nullableString,
  /** Email: `true` keeps links untracked (unchanged); default `false`. */
  disable_email_click_tracking: nullableBoolean,
  /** Email: `true` also sends to unsubscribed addresses (transactional mail); inherited from a template when one is used. */
  include_unsubscribed: nullableBoolean,
  /** Email: up to 5 BCC addresses; OneSignal Email provider only. */
  email_bcc: nullableStrings,
  /** Email: sender domain overriding the app default; OneSignal Email provider only. */
  email_sender_domain: nullableString,
  /** Email: `warmup` sends the email as an Auto Warm Up campaign (needs `email_warm_up`; no `send_after`). */
  kind: NotificationKind,
  /** Email: the stages of an Auto Warm Up campaign; required with `kind: "warmup"`. Answers add its status. */
  email_warm_up: EmailWarmUpRequest,

  // --- SMS ----------------------------------------------------------------------

  /** SMS: sending number, registered with the provider, in E.164 format. */
  sms_from: nullableString,
  /** SMS: media URLs to attach (MMS); at most 10 files, 5 MB in total. */
  sms_media_urls: nullableStrings,

  // --- filters and personalization -------------------------------------------

  /** Ad-hoc audience: filter conditions joined by `AND`/`OR` operators. */
  filters: Schema.NullOr(Schema.Array(FilterExpression)),
  /** Data for tag substitution in the message: up to 2,048 bytes for push/SMS, 10,000 for email. */
  custom_data: nullableJsonObject,

  // --- Huawei -------------------------------------------------------------------

  /** Huawei: full class path of the app's entry activity, for badges. */
  huawei_badge_class: nullableString,
  /** Huawei: number added to the badge, 1 to 99. */
  huawei_badge_add_num: nullableInt,
  /** Huawei: badge number to set, 0 to 99. */
  huawei_badge_set_num: nullableInt,
  /** Huawei: HMS message classification category (e.g. `IM`, `VOIP`, `MARKETING`). */
  huawei_category: nullableString,
  /** Huawei: business-intelligence tag for Huawei analytics. */
  huawei_bi_tag: nullableString
}

type BasicFields = typeof basicFields

/**
 * The type of {@link basicNotificationFields} (an interface, so that emitted
 * declarations refer to it by name instead of repeating 120 fields).
 *
 * @since 0.1.0
 * @category Fields
 */
export interface BasicNotificationFields extends BasicFields {}

/**
 * Every field of a message, once, as plain schemas (nullability included,
 * optionality not): {@link Notification} and {@link NotificationWithMeta} are
 * derived from it. Exported for resources and tests that need a subset.
 *
 * @since 0.1.0
 * @category Fields
 */
export const basicNotificationFields: BasicNotificationFields = basicFields

const createOnlyFields = {
  /**
   * When to start delivering, as a date string OneSignal parses, e.g.
   * `"2015-09-24 14:00:00 GMT-0700"` or an ISO 8601 timestamp (no offset means UTC-11:00).
   * The only scheduling option SMS supports.
   */
  send_after: nullableString
}

type CreateOnlyFields = typeof createOnlyFields

/**
 * The type of {@link notificationFields}.
 *
 * @since 0.1.0
 * @category Fields
 */
export interface NotificationFields extends BasicNotificationFields, CreateOnlyFields {}

/**
 * The fields of a create request: {@link basicNotificationFields} plus
 * `send_after` as a date string.
 *
 * @since 0.1.0
 * @category Fields
 */
export const notificationFields: NotificationFields = { ...basicNotificationFields, ...createOnlyFields }

const metaOnlyFields = {
  /** Recipients not processed yet: still sending, or held back by a delivery option. */
  remaining: Schema.Int,
  /** Messages delivered to the push service, carrier or email provider. */
  successful: Schema.Int,
  /** Messages not delivered because the recipient had unsubscribed. */
  failed: Schema.Int,
  /** Messages not delivered because of an error (details in the dashboard). */
  errored: Schema.Int,
  /** Recipients who clicked or tapped the message. */
  converted: Schema.Int,
  /** Devices that confirmed receiving the push (paid plans; 0 on free ones). */
  received: Schema.Int,
  /** Unix time (seconds) the message was created. */
  queued_at: Schema.Int,
  /** Unix time (seconds) delivery starts; on requests this field is a date string instead. */
  send_after: Schema.Int,
  /** Unix time (seconds) delivery finished; `completed_at - send_after` is the delivery duration. */
  completed_at: Schema.Int,
  /** Delivery counters per platform. */
  platform_delivery_stats: PlatformDeliveryData,
  /** Outcomes measured for the message. */
  outcomes: Schema.Array(OutcomeData),
  /** Whether the message was canceled before it went out. */
  canceled: Schema.Boolean,
  /** Email: BCC copies that were sent. */
  bcc_sent: Schema.Int
}

type MetaOnlyFields = typeof metaOnlyFields

/**
 * The type of {@link notificationWithMetaFields}.
 *
 * @since 0.1.0
 * @category Fields
 */
export interface NotificationWithMetaFields extends BasicNotificationFields, MetaOnlyFields {}

/**
 * The fields of a message read back from OneSignal:
 * {@link basicNotificationFields} plus delivery counters and timestamps
 * (`send_after` is a Unix time there).
 *
 * @since 0.1.0
 * @category Fields
 */
export const notificationWithMetaFields: NotificationWithMetaFields = {
  ...basicNotificationFields,
  ...metaOnlyFields
}

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

// The request shapes are named so that endpoint declarations use them directly:
// reading `Notification.fields` at module level would keep every class of the
// module in a bundle that needs only one endpoint.
const notificationRequestFields = requestFields(notificationFields, ["app_id"])

/**
 * A message to create with `POST /notifications`: push, email or SMS. Only
 * `app_id` is required; pick an audience (segments, ids, aliases, filters or
 * platform flags) and content (`contents`, `email_body`, a `template_id`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export class Notification extends Schema.Class<Notification>("effect-onesignal/Notification")(notificationRequestFields) {}

/**
 * A message as `GET /notifications/{id}` answers it: the fields it was
 * created with plus delivery statistics. Every field may be missing or null.
 *
 * @since 0.1.0
 * @category Models
 */
export class NotificationWithMeta extends Schema.Class<NotificationWithMeta>("effect-onesignal/NotificationWithMeta")(
  lenientFields(notificationWithMetaFields)
) {}

/**
 * One page of `GET /notifications`.
 *
 * @since 0.1.0
 * @category Models
 */
export class NotificationSlice extends Schema.Class<NotificationSlice>("effect-onesignal/NotificationSlice")(lenientFields({
  /** Messages matching the query, across all pages. */
  total_count: Schema.Int,
  /** The offset this page starts at. */
  offset: Schema.Int,
  /** The page size that was applied. */
  limit: Schema.Int,
  /** The `time_offset` cursor of the request, echoed back. */
  time_offset: Schema.String,
  /** Opaque cursor for the next page of a `time_offset` walk; pass it as the next `time_offset`. */
  next_time_offset: Schema.String,
  /** The messages of this page. */
  notifications: Schema.Array(NotificationWithMeta)
})) {}

/**
 * The 200 answer of `POST /notifications`. An empty `id` means nothing was
 * sent; `errors` then says why. `errors` may also report recipients skipped
 * in a partial success.
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateNotificationSuccessResponse
  extends Schema.Class<CreateNotificationSuccessResponse>("effect-onesignal/CreateNotificationSuccessResponse")(lenientFields({
    /** Id of the created message; empty when none was created. */
    id: Schema.String,
    /** Correlation value echoed by OneSignal; not the recipients' External ID. */
    external_id: Schema.String,
    /** Recipient count (present in the 1.2.2 spec only). */
    recipients: Schema.Int,
    /** Problems reported: a list of messages, or an object such as `{ invalid_aliases: ... }`. */
    errors: Schema.Unknown
  }))
{}

/**
 * The events of a message to export with `POST /notifications/{id}/history`:
 * who it was `sent` to, or who `clicked` it.
 *
 * @since 0.1.0
 * @category Models
 */
export const NotificationHistoryEvents = Schema.Literal("sent", "clicked")

/**
 * @since 0.1.0
 * @category Models
 */
export type NotificationHistoryEvents = typeof NotificationHistoryEvents.Type

const historyRequestFields = {
  /** `sent` (not recorded for messages under 1,000 recipients) or `clicked`. */
  events: Schema.optional(NotificationHistoryEvents),
  /** An address that also receives the report by email. */
  email: Schema.optional(Schema.String),
  /** The app the message belongs to. */
  app_id: Schema.optional(Schema.String)
}

/**
 * The body of `POST /notifications/{id}/history` (paid plans; within 7 days
 * of sending).
 *
 * @since 0.1.0
 * @category Models
 */
export class GetNotificationHistoryRequestBody
  extends Schema.Class<GetNotificationHistoryRequestBody>("effect-onesignal/GetNotificationHistoryRequestBody")(historyRequestFields)
{}

/**
 * The answer of `POST /notifications/{id}/history`: where the CSV will be.
 *
 * @since 0.1.0
 * @category Models
 */
export class NotificationHistorySuccessResponse
  extends Schema.Class<NotificationHistorySuccessResponse>("effect-onesignal/NotificationHistorySuccessResponse")(lenientFields({
    /** Whether the export was started. */
    success: Schema.Boolean,
    /** URL of the CSV file; it answers 403 until the export is done. */
    destination_url: Schema.String
  }))
{}

/**
 * The answer of `POST /notifications/{id}/export_events`: where the CSV will be.
 *
 * @since 0.1.0
 * @category Models
 */
export class ExportEventsSuccessResponse
  extends Schema.Class<ExportEventsSuccessResponse>("effect-onesignal/ExportEventsSuccessResponse")(lenientFields({
    /** URL of the CSV file; it answers 404 until the export is done. */
    csv_file_url: Schema.String
  }))
{}

// The targeting fields the estimate reads, taken from the field set of a
// message so that both validate alike.
const estimateRecipientsRequestFields = requestFields({
  /** The OneSignal app the message would belong to. */
  app_id: basicFields.app_id,
  /** Names of the segments to count (required); `"All"` counts every subscribed user unless a segment has that name. */
  included_segments: basicFields.included_segments,
  /** Names of segments whose users are not counted even when in `included_segments`. */
  excluded_segments: basicFields.excluded_segments,
  /** Filter conditions (with `AND`/`OR` operators) that narrow the segments' audience. */
  filters: basicFields.filters,
  /** Users, by alias label and ids, that narrow the segments' audience (e.g. `{ external_id: [...] }`). */
  include_aliases: basicFields.include_aliases,
  /** Which channel's subscriptions to count: `push`, `email` or `sms`. */
  target_channel: basicFields.target_channel
}, ["app_id", "included_segments"])

/**
 * The targeting of a draft message, for `POST /notifications/count-unsaved`:
 * segments to include (required) and to exclude, then filters, aliases and a
 * channel that narrow them. Other message fields may be passed along (a
 * whole {@link Notification} is fine) but are not read: subscription ids,
 * tokens and the `isIos` / `isAndroid` / ... flags do not count.
 *
 * @since 0.1.0
 * @category Models
 */
export class EstimateNotificationRecipientsRequest extends Schema.Class<EstimateNotificationRecipientsRequest>(
  "effect-onesignal/EstimateNotificationRecipientsRequest"
)(estimateRecipientsRequestFields) {}

/**
 * The answer of `POST /notifications/count-unsaved`: how many subscriptions
 * the targeting would reach now, and whether a plan's subscriber caps
 * lowered that number.
 *
 * @since 0.1.0
 * @category Models
 */
export class EstimateNotificationRecipientsSuccessResponse
  extends Schema.Class<EstimateNotificationRecipientsSuccessResponse>("effect-onesignal/EstimateNotificationRecipientsSuccessResponse")(
    lenientFields({
      /** The estimated audience: the number the dashboard shows while composing a message. */
      count: Schema.Int,
      /** The estimate before the plan's web push subscriber cap; present only when `cap_applied` is true. */
      uncapped_count: Schema.Int,
      /** Whether `count` was lowered because the plan caps the web push subscribers it may send to. */
      cap_applied: Schema.Boolean,
      /** Whether mobile push deliveries would be dropped because the organization is over its plan's mobile cap. */
      mobile_suppressed: Schema.Boolean,
      /** How many mobile push recipients `count` leaves out because of that cap; 0 unless `mobile_suppressed`. */
      mobile_excluded_count: Schema.Int
    })
  )
{}

// -----------------------------------------------------------------------------
// Results
// -----------------------------------------------------------------------------

/**
 * `createNotification` created a message. Recipients OneSignal skipped (a
 * partial success) are listed; `idempotencyKey` is the key that was sent and
 * `wasReplayed` tells whether OneSignal answered from an earlier request with
 * that key instead of sending again.
 *
 * @since 0.1.0
 * @category Results
 */
export class NotificationSent extends Schema.TaggedClass<NotificationSent>("effect-onesignal/NotificationSent")(
  "Sent",
  {
    /** The id of the created message. */
    id: Schema.String,
    /** Aliases that matched no one, by label. */
    invalidAliases: Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) }),
    /** Subscription (player) ids that matched no one. */
    invalidPlayerIds: Schema.Array(Schema.String),
    /** External user ids that matched no one (legacy targeting). */
    invalidExternalUserIds: Schema.Array(Schema.String),
    /** Any other problem OneSignal reported along with the message. */
    warnings: Schema.Array(Schema.String),
    /** The idempotency key of the request. */
    idempotencyKey: Schema.String,
    /** True when OneSignal replayed an earlier answer for the same key. */
    wasReplayed: Schema.Boolean
  }
) {}

/**
 * `createNotification` was accepted but no message was created, e.g. "All
 * included players are not subscribed". `reasons` says why.
 *
 * @since 0.1.0
 * @category Results
 */
export class NotificationNotSent
  extends Schema.TaggedClass<NotificationNotSent>("effect-onesignal/NotificationNotSent")("NotSent", {
    /** Why nothing was sent, as OneSignal put it. */
    reasons: Schema.Array(Schema.String),
    /** The idempotency key of the request. */
    idempotencyKey: Schema.String,
    /** True when OneSignal replayed an earlier answer for the same key. */
    wasReplayed: Schema.Boolean
  })
{}

/**
 * The outcome of `createNotification`: `Sent` or `NotSent`. Match on `_tag`
 * instead of inspecting `id`.
 *
 * @since 0.1.0
 * @category Results
 */
export type CreateNotificationResult = NotificationSent | NotificationNotSent

const stringsOf = (u: unknown): ReadonlyArray<string> =>
  Array.isArray(u) ? u.filter((s): s is string => typeof s === "string") : []

const toCreateNotificationResult = (
  response: CreateNotificationSuccessResponse,
  meta: ResponseMeta
): CreateNotificationResult => {
  const idempotencyKey = meta.idempotencyKey ?? ""
  const wasReplayed = meta.headers["idempotent-replayed"] === "true"
  const errors = response.errors
  const messages: Array<string> = []
  const invalidAliases: Record<string, ReadonlyArray<string>> = {}
  let invalidPlayerIds: ReadonlyArray<string> = []
  let invalidExternalUserIds: ReadonlyArray<string> = []
  if (typeof errors === "string") {
    messages.push(errors)
  } else if (Array.isArray(errors)) {
    for (const entry of errors) messages.push(typeof entry === "string" ? entry : JSON.stringify(entry))
  } else if (typeof errors === "object" && errors !== null) {
    for (const [key, value] of Object.entries(errors)) {
      if (key === "invalid_aliases" && typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [label, ids] of Object.entries(value)) invalidAliases[label] = stringsOf(ids)
      } else if (key === "invalid_player_ids") {
        invalidPlayerIds = stringsOf(value)
      } else if (key === "invalid_external_user_ids") {
        invalidExternalUserIds = stringsOf(value)
      } else {
        messages.push(`${key}: ${JSON.stringify(value)}`)
      }
    }
  }
  if (typeof response.id === "string" && response.id.length > 0) {
    return new NotificationSent({
      id: response.id,
      invalidAliases,
      invalidPlayerIds,
      invalidExternalUserIds,
      warnings: messages,
      idempotencyKey,
      wasReplayed
    }, { disableValidation: true })
  }
  return new NotificationNotSent({
    reasons: messages.length > 0 ? messages : ["OneSignal created no message and gave no reason"],
    idempotencyKey,
    wasReplayed
  }, { disableValidation: true })
}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

const AppIdQuery = Schema.Struct({ app_id: Schema.NonEmptyString })

/** A message of an app: its id in the path, the app in the query. */
const messageOfApp = (appId: string, notificationId: string, options?: CallOptions) => ({
  path: { notification_id: notificationId },
  query: { app_id: appId },
  options
})

/**
 * Options of `getNotifications`: paging and the kind of messages.
 *
 * @since 0.1.0
 * @category Models
 */
export interface GetNotificationsOptions extends CallOptions {
  /** Page size, 1 to 50 (OneSignal's default and maximum is 50). */
  readonly limit?: number | undefined
  /** Offset of the page; results are sorted by `queued_at`, newest first. */
  readonly offset?: number | undefined
  /** `0` dashboard messages, `1` API messages, `3` automated messages; all when absent. */
  readonly kind?: 0 | 1 | 3 | undefined
  /** Cursor for sequential pulls: an ISO 8601 time or a previous page's `next_time_offset`. */
  readonly time_offset?: string | undefined
}

const GetNotificationsQuery = Schema.Struct({
  app_id: Schema.NonEmptyString,
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 50))),
  offset: Schema.optional(Schema.NonNegativeInt),
  kind: Schema.optional(Schema.Literal(0, 1, 3)),
  time_offset: Schema.optional(Schema.String)
})

// The request fields, plus the rules the reference states across fields: an
// Auto Warm Up campaign needs its stages, and it starts at its first stage,
// so it takes no `send_after`.
const CreateNotificationBody = Schema.Struct(notificationRequestFields).pipe(
  Schema.filter((notification) => {
    if (notification.kind !== "warmup") return true
    if (notification.email_warm_up === undefined) return "kind \"warmup\" needs email_warm_up (its stages)"
    if (notification.send_after !== undefined && notification.send_after !== null) {
      return "kind \"warmup\" cannot be combined with send_after: the campaign starts at its first stage"
    }
    return true
  })
)

/**
 * Sends a push notification, email or SMS (`POST /notifications`).
 *
 * The request is validated locally first (`InvalidRequest`, nothing sent),
 * including the rules of an Auto Warm Up campaign (`kind: "warmup"` needs
 * `email_warm_up` and takes no `send_after`).
 * An `idempotency_key` is fixed when this function is called — the caller's
 * (`options.idempotencyKey`, or the body's) or a new UUID v4 — and sent on
 * every attempt, so the call is retried safely: OneSignal answers a repeated
 * key with the original result instead of sending again.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createNotification = Endpoint.make({
  name: "createNotification",
  method: "POST",
  route: "/notifications",
  key: "rest",
  request: (notification: Notification, options?: IdempotentCallOptions) => ({ body: notification, options }),
  body: CreateNotificationBody,
  success: CreateNotificationSuccessResponse,
  idempotencyField: "idempotency_key",
  result: toCreateNotificationResult
})

/**
 * Reads one message with its delivery statistics
 * (`GET /notifications/{notification_id}`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getNotification = Endpoint.make({
  name: "getNotification",
  method: "GET",
  route: "/notifications/{notification_id}",
  key: "rest",
  request: messageOfApp,
  query: AppIdQuery,
  success: NotificationWithMeta,
  errors: { 404: NotFound }
})

/**
 * Lists an app's messages, newest first, a page at a time
 * (`GET /notifications`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getNotifications = Endpoint.make({
  name: "getNotifications",
  method: "GET",
  route: "/notifications",
  key: "rest",
  request: (appId: string, options?: GetNotificationsOptions) => ({
    query: {
      app_id: appId,
      limit: options?.limit,
      offset: options?.offset,
      kind: options?.kind,
      time_offset: options?.time_offset
    },
    options
  }),
  query: GetNotificationsQuery,
  success: NotificationSlice
})

/**
 * Estimates how many subscriptions a draft message would reach
 * (`POST /notifications/count-unsaved`), without creating or sending
 * anything: the audience size the dashboard shows while composing.
 *
 * Retried by default although it is a POST without an idempotency key: it
 * only reads (nothing is created, queued or counted), so sending it twice
 * gives two estimates and no side effect.
 *
 * @since 0.1.0
 * @category Operations
 */
export const estimateNotificationRecipients = Endpoint.make({
  name: "estimateNotificationRecipients",
  method: "POST",
  route: "/notifications/count-unsaved",
  key: "rest",
  request: (estimateNotificationRecipientsRequest: EstimateNotificationRecipientsRequest, options?: CallOptions) => ({
    body: estimateNotificationRecipientsRequest,
    options
  }),
  body: Schema.Struct(estimateRecipientsRequestFields),
  safeToRetry: true,
  success: EstimateNotificationRecipientsSuccessResponse
})

/**
 * Stops a scheduled or outgoing message
 * (`DELETE /notifications/{notification_id}`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const cancelNotification = Endpoint.make({
  name: "cancelNotification",
  method: "DELETE",
  route: "/notifications/{notification_id}",
  key: "rest",
  request: messageOfApp,
  query: AppIdQuery,
  success: GenericSuccessBoolResponse,
  errors: { 404: NotFound }
})

/**
 * Starts a CSV export of who a message was sent to or who clicked it
 * (`POST /notifications/{notification_id}/history`). The file at
 * `destination_url` answers 403 until it is ready.
 *
 * The body also carries the message's `id`: the 1.2.2 OpenAPI spec requires
 * it there; the current docs do not list it and accept extra fields.
 *
 * @since 0.1.0
 * @category Operations
 */
export const getNotificationHistory = Endpoint.make({
  name: "getNotificationHistory",
  method: "POST",
  route: "/notifications/{notification_id}/history",
  key: "rest",
  request: (notificationId: string, body: GetNotificationHistoryRequestBody, options?: CallOptions) => ({
    path: { notification_id: notificationId },
    body: { ...body, id: notificationId },
    options
  }),
  body: Schema.Struct(historyRequestFields),
  success: NotificationHistorySuccessResponse,
  errors: { 404: NotFound }
})

/**
 * Starts a CSV export of a message's events
 * (`POST /notifications/{notification_id}/export_events`). The file at
 * `csv_file_url` answers 404 until it is ready.
 *
 * @since 0.1.0
 * @category Operations
 */
export const exportEvents = Endpoint.make({
  name: "exportEvents",
  method: "POST",
  route: "/notifications/{notification_id}/export_events",
  key: "rest",
  request: (notificationId: string, appId: string, options?: CallOptions) =>
    messageOfApp(appId, notificationId, options),
  query: AppIdQuery,
  success: ExportEventsSuccessResponse,
  errors: { 404: NotFound }
})

const TrackOpenBody = Schema.Struct({ app_id: Schema.NonEmptyString, opened: Schema.Literal(true) })

/**
 * Records that a message was opened (legacy device API:
 * `PUT /notifications/{notification_id}` with `{ app_id, opened: true }`).
 *
 * Not retried by default although it is a PUT: each request counts an open,
 * so a retry after a connection dropped mid-answer could count it twice.
 * Pass `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const trackOpen = Endpoint.make({
  name: "trackOpen",
  method: "PUT",
  route: "/notifications/{notification_id}",
  key: "rest",
  request: (appId: string, notificationId: string, options?: CallOptions) => ({
    path: { notification_id: notificationId },
    body: { app_id: appId, opened: true as const },
    options
  }),
  body: TrackOpenBody,
  safeToRetry: false,
  success: GenericSuccessBoolResponse,
  errors: { 404: NotFound }
})

// One send with the official SDK (bundled as CommonJS for node: it uses dynamic require).
import * as OneSignal from "@onesignal/node-onesignal"

const configuration = OneSignal.createConfiguration({ restApiKey: "key" })
const api = new OneSignal.DefaultApi(configuration)
const notification = new OneSignal.Notification()
notification.app_id = "app"
notification.included_segments = ["Subscribed Users"]
notification.contents = { en: "Hello" }
api.createNotification(notification).then(console.log, console.error)

// Cold start of the official SDK: import it, create the configuration and the API object.
import * as OneSignal from "@onesignal/node-onesignal"

const configuration = OneSignal.createConfiguration({ restApiKey: "key" })
new OneSignal.DefaultApi(configuration)

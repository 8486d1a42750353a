/**
 * The HarmonyOS-only (HMS Core) kits: not in the OpenHarmony SDK, so their `@kit.*` → module table is written here
 * from HarmonyOS's public API reference (names only), in the shape of sdk-kits.ts.
 */
export const HMS_KITS: Record<string, Record<string, string>> = {
  '@kit.RemoteCommunicationKit': { rcp: '@hms.collaboration.rcp' },
  '@kit.AccountKit': { authentication: '@hms.core.authentication', extendService: '@hms.core.account.extendService',
    LoginWithHuaweiIDButton: '@hms.core.account.LoginComponent#LoginWithHuaweiIDButton',
    loginComponentManager: '@hms.core.account.LoginComponent#loginComponentManager', realName: '@hms.core.account.realname',
    minorsProtection: '@hms.core.account.minorsProtection', shippingAddress: '@hms.core.account.shippingAddress',
    invoiceAssistant: '@hms.core.account.invoiceAssistant' },
  '@kit.PushKit': { pushService: '@hms.core.push.pushService', pushCommon: '@hms.core.push.pushCommon',
    RemoteNotificationExtensionAbility: '@hms.core.push.RemoteNotificationExtensionAbility' },
  '@kit.MapKit': { MapComponent: '@hms.core.map.MapComponent', map: '@hms.core.map.map', mapCommon: '@hms.core.map.mapCommon',
    site: '@hms.core.map.site', navi: '@hms.core.map.navi', staticMap: '@hms.core.map.staticMap', sceneMap: '@hms.core.map.sceneMap' },
  '@kit.ScanKit': { scanBarcode: '@hms.core.scan.scanBarcode', scanCore: '@hms.core.scan.scanCore',
    detectBarcode: '@hms.core.scan.detectBarcode', generateBarcode: '@hms.core.scan.generateBarcode', customScan: '@hms.core.scan.customScan' },
  '@kit.ShareKit': { systemShare: '@hms.collaboration.systemShare', harmonyShare: '@hms.collaboration.harmonyShare' },
  '@kit.CoreSpeechKit': { textToSpeech: '@hms.ai.textToSpeech', speechRecognizer: '@hms.ai.speechRecognizer' },
  '@kit.CloudFoundationKit': { cloudFunction: '@hms.core.deviceCloudGateway.cloudFunction',
    cloudDatabase: '@hms.core.deviceCloudGateway.cloudDatabase', cloudStorage: '@hms.core.deviceCloudGateway.cloudStorage',
    cloudCommon: '@hms.core.deviceCloudGateway.cloudCommon' },
  '@kit.PreviewKit': { filePreview: '@hms.filemanagement.filepreview' },
  '@kit.WearEngine': { wearEngine: '@hms.health.wearEngine' },
  '@kit.IAPKit': { iap: '@hms.core.iap' },
  '@kit.PaymentKit': { paymentService: '@hms.core.payment.paymentService' },
  '@kit.LiveViewKit': { liveViewManager: '@hms.core.liveview.liveViewManager' },
};

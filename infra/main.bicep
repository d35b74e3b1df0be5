// QaServerless in one resource group: a Flex Consumption function app (custom handler) with a user-assigned identity,
// its storage account, Service Bus, Azure OpenAI and monitoring. `azd up` deploys this file with main.parameters.json.
// No keys anywhere: every connection is identity-based and shared-key / local auth is switched off on every service.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Region of every resource except Azure OpenAI (see openAiLocation). Flex Consumption must be offered there.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Region of the Azure OpenAI account (empty: same as location): the chat and transcription models are offered in fewer regions.')
param openAiLocation string = ''

@minLength(36)
@maxLength(36)
@description('Client id of the Microsoft Entra app registration that signs people in (Easy Auth).')
param authClientId string

@description('What Easy Auth does with a request that carries no sign-in: browsers are sent to the sign-in page, or every such request gets 401. Either way none reaches the app.')
@allowed(['RedirectToLoginPage', 'Return401'])
param unauthenticatedAction string = 'RedirectToLoginPage'

@minValue(31)
@description('Days a recording is kept before the lifecycle policy deletes it (it moves to the cool tier after 30 days).')
param recordingRetentionDays int = 730

@description('Chat model (scoring assistance, summaries) and its deployment.')
param chatDeploymentName string = 'chat'
param chatModelName string = 'gpt-4o-mini'
param chatModelVersion string = '2024-07-18'
param chatDeploymentSku string = 'GlobalStandard'
@minValue(1)
@description('Chat capacity in thousands of tokens per minute.')
param chatCapacity int = 30

@description('Transcription model (segments with timestamps: Whisper) and its deployment.')
param transcriptionDeploymentName string = 'transcribe'
param transcriptionModelName string = 'whisper'
param transcriptionModelVersion string = '001'
param transcriptionDeploymentSku string = 'Standard'
@minValue(1)
param transcriptionCapacity int = 1

@minValue(1)
@maxValue(1000)
@description('Upper bound of Flex Consumption instances: the cost ceiling under a burst of uploads.')
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Principals (e.g. a contact center\'s export service principal) that may upload recordings and call records for one center: [{ principalId, center }]. Each gets Storage Blob Data Contributor on recordings and call-records, limited by an ABAC condition to blobs under "{center}/".')
param recordingUploaders array = []

@description('Send notifications by e-mail too: adds Azure Communication Services with an Azure-managed e-mail domain and lets the app\'s identity send through it. Off: the app sends no e-mail (inbox and webhook only).')
param emailEnabled bool = false

@description('Where Communication Services keeps the e-mail data at rest (when emailEnabled).')
param emailDataLocation string = 'United States'

var abbreviations = loadJsonContent('abbreviations.json')
var appStorage = loadJsonContent('app-storage.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbreviations.functionApp}${resourceToken}'
// Flex Consumption keeps the deployment package here; the app's identity reads it.
var deploymentContainerName = 'app-package-${take(resourceToken, 12)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbreviations.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbreviations.managedIdentity}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbreviations.logAnalytics}${resourceToken}'
    applicationInsightsName: '${abbreviations.applicationInsights}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbreviations.storageAccount}${resourceToken}'
    location: location
    tags: tags
    containers: appStorage.containers
    tables: appStorage.tables
    queues: appStorage.queues
    deploymentContainerName: deploymentContainerName
    recordingRetentionDays: recordingRetentionDays
    systemTopicName: '${abbreviations.eventGridSystemTopic}${resourceToken}'
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: '${abbreviations.serviceBus}${resourceToken}'
    location: location
    tags: tags
  }
}

module openAi 'modules/openai.bicep' = {
  name: 'openai'
  scope: rg
  params: {
    name: '${abbreviations.openAi}${resourceToken}'
    location: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    chat: {
      deploymentName: chatDeploymentName
      modelName: chatModelName
      modelVersion: chatModelVersion
      sku: chatDeploymentSku
      capacity: chatCapacity
    }
    transcription: {
      deploymentName: transcriptionDeploymentName
      modelName: transcriptionModelName
      modelVersion: transcriptionModelVersion
      sku: transcriptionDeploymentSku
      capacity: transcriptionCapacity
    }
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    openAiAccountName: openAi.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    recordingUploaders: recordingUploaders
  }
}

module email 'modules/email.bicep' = if (emailEnabled) {
  name: 'email'
  scope: rg
  params: {
    communicationName: '${abbreviations.communicationServices}${resourceToken}'
    emailServiceName: '${abbreviations.emailService}${resourceToken}'
    tags: tags
    principalId: identity.outputs.principalId
    dataLocation: emailDataLocation
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbreviations.appServicePlan}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    serviceBusNamespaceName: serviceBus.outputs.name
    openAiEndpoint: openAi.outputs.endpoint
    chatDeploymentName: openAi.outputs.chatDeploymentName
    transcriptionDeploymentName: openAi.outputs.transcriptionDeploymentName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    authClientId: authClientId
    unauthenticatedAction: unauthenticatedAction
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    // Empty when e-mail is off: the app then sends none (EmailOptions.Configured).
    emailEndpoint: emailEnabled ? email!.outputs.endpoint : ''
    emailSender: emailEnabled ? email!.outputs.sender : ''
  }
  // The host reads its storage and the deployment package with the identity as soon as the site starts.
  dependsOn: [roles]
}

// azd stores these outputs in the environment (.azure/<env>/.env); the postdeploy hook reads them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_FUNCTIONS_URI string = functionApp.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME string = storage.outputs.systemTopicName
output AZURE_SERVICE_BUS_NAMESPACE string = serviceBus.outputs.name
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

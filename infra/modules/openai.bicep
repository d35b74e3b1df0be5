// Azure OpenAI with a chat and a transcription deployment. Keys are disabled (disableLocalAuth): the app calls it
// with its managed identity (Cognitive Services OpenAI User), which needs the custom subdomain endpoint.
param name string
param location string
param tags object

@description('{ deploymentName, modelName, modelVersion, sku, capacity }')
param chat object

@description('{ deploymentName, modelName, modelVersion, sku, capacity }')
param transcription object

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource chatDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: chat.deploymentName
  sku: { name: chat.sku, capacity: chat.capacity }
  properties: {
    model: { format: 'OpenAI', name: chat.modelName, version: chat.modelVersion }
    versionUpgradeOption: 'OnceCurrentVersionExpired'
  }
}

// Deployments of one account are created one after another: the service refuses concurrent changes.
resource transcriptionDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: transcription.deploymentName
  sku: { name: transcription.sku, capacity: transcription.capacity }
  properties: {
    model: { format: 'OpenAI', name: transcription.modelName, version: transcription.modelVersion }
    versionUpgradeOption: 'OnceCurrentVersionExpired'
  }
  dependsOn: [chatDeployment]
}

output name string = account.name
output endpoint string = account.properties.endpoint
output chatDeploymentName string = chatDeployment.name
output transcriptionDeploymentName string = transcriptionDeployment.name

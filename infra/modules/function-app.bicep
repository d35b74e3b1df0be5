// The Flex Consumption plan and the Linux function app that runs the custom handler (the self-contained
// QaServerless.Functions executable named in host.json: no language worker), with Easy Auth in front.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainerName string
param serviceBusNamespaceName string
param openAiEndpoint string
param chatDeploymentName string
param transcriptionDeploymentName string
param applicationInsightsConnectionString string
param authClientId string
param unauthenticatedAction string
param maximumInstanceCount int
param instanceMemoryMB int

@description('Communication Services endpoint the notifications e-mail through (empty: no e-mail).')
param emailEndpoint string = ''

@description('The sender address, DoNotReply@ the Azure-managed domain (empty: no e-mail).')
param emailSender string = ''

@description('azure.yaml service name: azd finds the app to deploy by this tag.')
param serviceName string = 'functions'

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // A custom handler: the host starts host.json's defaultExecutablePath and talks HTTP to it.
      runtime: { name: 'custom', version: '1.0' }
    }
  }

  // Every setting a binding or the app reads. Identity-based connections only: "<connection>__credential" +
  // "__clientId" tell the host and the app to use the user-assigned identity; no key or connection string exists.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
      AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
      AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
      ServiceBusConnection__fullyQualifiedNamespace: split(split(serviceBus.properties.serviceBusEndpoint, '//')[1], ':')[0]
      ServiceBusConnection__credential: 'managedidentity'
      ServiceBusConnection__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // DefaultAzureCredential (OpenAI client) picks the user-assigned identity by this id.
      AZURE_CLIENT_ID: identityClientId
      OpenAI__Endpoint: openAiEndpoint
      OpenAI__ClientId: identityClientId
      OpenAI__ChatDeployment: chatDeploymentName
      OpenAI__TranscriptionDeployment: transcriptionDeploymentName
      // Notifications by e-mail (Notifications/Delivery/AcsEmail.cs): ACS Email with the identity's token; empty = none.
      Notifications__Email__Endpoint: emailEndpoint
      Notifications__Email__Sender: emailSender
      Notifications__Email__ClientId: identityClientId
      // Easy Auth is in front (authsettingsV2 below), so the app may trust its X-MS-CLIENT-PRINCIPAL header.
      Auth__TrustEasyAuth: 'true'
    }
  }

  // Easy Auth with Microsoft Entra ID. No request without a sign-in reaches the app, except the Event Grid
  // webhook (the ingestion triggers), which the Functions host protects with its eventgrid_extension system key.
  resource authSettings 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: { enabled: true }
      globalValidation: {
        requireAuthentication: true
        unauthenticatedClientAction: unauthenticatedAction
        redirectToProvider: 'azureactivedirectory'
        excludedPaths: ['/runtime/webhooks/eventgrid']
      }
      httpSettings: {
        requireHttps: true
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: authClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [authClientId, 'api://${authClientId}']
          }
        }
      }
      login: {
        tokenStore: { enabled: true }
      }
    }
  }
}

// Deployments go through Microsoft Entra ID (azd), never basic publishing credentials.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'

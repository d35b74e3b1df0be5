// E-mail for the notifications (docs/notifications.md, "Delivery"), deployed only when main.bicep's emailEnabled is set:
// an Email Communication Service with an Azure-managed domain (DoNotReply@<id>.azurecomm.net, no DNS to verify), linked
// to a Communication Services resource that accepts Microsoft Entra tokens only, and the least role that lets the app's
// identity send through it.
param communicationName string
param emailServiceName string
param tags object
param principalId string

@description('Where the e-mail data is kept at rest (Communication Services data location, e.g. "United States", "Europe", "Asia Pacific").')
param dataLocation string

// Communication Services resources are global; their data stays in dataLocation.
resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: { dataLocation: dataLocation }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    // The mails link into the workbench; no tracking pixel, no rewritten links.
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [managedDomain.id]
    disableLocalAuth: true
  }
}

// Sending mail with a Microsoft Entra token needs Microsoft.Communication/CommunicationServices/Read and /Write and
// Microsoft.Communication/EmailServices/write on the Communication Services resource; the built-in "Communication and
// Email Service Owner" would also let the app list keys and delete resources. The documented custom role instead:
// https://learn.microsoft.com/azure/communication-services/quickstarts/email/send-email-smtp/smtp-authentication
// ("Use a custom role to limit permissions granted to the Microsoft Entra Application"); the ACS managed-identity e-mail
// sample names the same actions (Azure-Samples/communication-services-dotnet-quickstarts,
// SendEmailAdvanced/SendEmailWithManagedIdentity). Custom roles are assignable at resource-group scope at the narrowest.
var sendActions = [
  'Microsoft.Communication/CommunicationServices/Read'
  'Microsoft.Communication/CommunicationServices/Write'
  'Microsoft.Communication/EmailServices/write'
]

resource emailSenderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'qaserverless-acs-email-sender')
  properties: {
    // Role names are unique in the tenant: one per resource group.
    roleName: 'QaServerless e-mail sender ${uniqueString(resourceGroup().id)}'
    description: 'Sends e-mail through the Communication Services resource with a Microsoft Entra token (no keys).'
    type: 'CustomRole'
    permissions: [
      {
        actions: sendActions
        notActions: []
      }
    ]
    assignableScopes: [resourceGroup().id]
  }
}

resource sendRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, principalId, emailSenderRole.id)
  scope: communication
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: emailSenderRole.id
  }
}

// The app's settings Notifications:Email:Endpoint and :Sender.
output endpoint string = 'https://${communication.properties.hostName}'
output sender string = 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'

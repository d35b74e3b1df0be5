// Service Bus (Standard: queues with duplicate detection and dead-lettering). The app reaches it only through
// Functions bindings with the identity-based connection "ServiceBusConnection"; SAS keys are disabled.
param name string
param location string
param tags object

@description('Deliveries before a message is dead-lettered (a failing AssignInspector answer counts as one).')
@minValue(1)
param maxDeliveryCount int = 5

@description('How long a delivered message is locked to one invocation; longer than an AssignInspector run.')
param lockDuration string = 'PT1M'

@description('A message not handled within this time is dead-lettered (deadLetteringOnMessageExpiration).')
param defaultMessageTimeToLive string = 'P7D'

@description('DailySampling sets the message id to the call id: a replayed sampling run within this window sends no duplicate.')
param duplicateDetectionWindow string = 'P1D'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

// One message per sampled call; AssignInspector consumes it, a recorder reads assignments/$deadletterqueue.
resource assignments 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: 'assignments'
  properties: {
    maxDeliveryCount: maxDeliveryCount
    lockDuration: lockDuration
    defaultMessageTimeToLive: defaultMessageTimeToLive
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    requiresSession: false
    enableBatchedOperations: true
  }
}

output name string = namespace.name
// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ (the suffix differs in sovereign clouds).
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]

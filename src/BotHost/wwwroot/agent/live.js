// The live connection to /hubs/inbox (SignalR over WebSocket, with SignalR's fallbacks), reconnecting by itself.

export function connect({ onChanged, onNeedsYou, onAssigned, onPresence, onState }) {
  if (!window.signalR) {
    onState('off', 'Live updates unavailable');
    return null;
  }
  const connection = new window.signalR.HubConnectionBuilder()
    .withUrl('/hubs/inbox')
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .configureLogging(window.signalR.LogLevel.Warning)
    .build();
  connection.on('conversationChanged', onChanged);
  connection.on('needsYou', onNeedsYou);
  connection.on('assigned', onAssigned);
  connection.on('presenceChanged', onPresence);
  connection.onreconnecting(() => onState('off', 'Reconnecting…'));
  connection.onreconnected(() => onState('on', 'Live'));
  connection.onclose(() => onState('off', 'Offline: reload the page'));

  const start = async (attempt) => {
    try {
      await connection.start();
      onState('on', 'Live');
    } catch {
      onState('off', 'Connecting…');
      setTimeout(() => start(attempt + 1), Math.min(30000, 1000 * 2 ** attempt));
    }
  };
  start(0);
  return connection;
}

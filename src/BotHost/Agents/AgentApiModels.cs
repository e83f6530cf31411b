using Handover.Actions;
using Handover.Agents;
using Handover.Conversations;
using Handover.Messages;

namespace BotHost.Agents;

/// <summary>The handover reason as agents see it (T6).</summary>
public sealed record HandoverReasonDto(string Trigger, string? Rule, string? Evidence, double Confidence);

public sealed record ConversationSummaryDto(
    string Id, string BotId, string Channel, string Address, string Status, string Controller, string? Agent,
    string? ShopperName, HandoverReasonDto? HandoverReason, bool EverHandedOver, DateTimeOffset CreatedAt, DateTimeOffset LastMessageAt);

public sealed record MessageDto(
    long Id, string Role, string Text, string? Agent, bool Internal, string? DeliveryStatus, string? DeliveryError,
    DateTimeOffset Time, bool LackOfInformation, double? Confidence);

public sealed record EventDto(string Verb, string Actor, string? From, string To, HandoverReasonDto? Reason, string? Note, DateTimeOffset Time);

/// <summary>Details the shopper left through the contact form (P2), for following up.</summary>
public sealed record ContactDto(string? Name, string? Email, string? Phone, DateTimeOffset CreatedAt);

public sealed record ConversationDto(
    string Id, string BotId, string Channel, string Address, string Status, string Controller, string? Agent,
    string ShopperId, string? ShopperName, string? StartedOnPage, HandoverReasonDto? HandoverReason, bool EverHandedOver,
    HandoverReasonDto? EscalationSuggested, IReadOnlyList<string> Tags, IReadOnlyList<MessageDto> Messages, IReadOnlyList<EventDto> Events,
    IReadOnlyList<ContactDto> Contacts, long Version, DateTimeOffset CreatedAt, DateTimeOffset LastMessageAt);

public sealed record AgentDto(string Id, string DisplayName, string Role, bool Online);

public sealed record PostMessageRequest(string? Text, bool Internal);

public sealed record TransferRequest(string? ToAgent, string? Note);

public sealed record PresenceRequest(bool? Online);

internal static class AgentApiMapping
{
    public static HandoverReasonDto? ToDto(this HandoverReason? r) => r is null ? null : new(r.Trigger, r.Rule, r.Evidence, r.Confidence);

    public static ConversationSummaryDto ToSummary(this Conversation c) => new(
        c.Id, c.BotId, c.Channel, c.Address, Wire.Status(c.State.Status), Wire.Controller(c.State.Controller), c.State.AgentId,
        c.ShopperName, c.HandoverReason.ToDto(), c.EverHandedOver, c.CreatedAt, c.LastMessageAt);

    public static ConversationDto ToDto(
        this Conversation c, IReadOnlyList<string> tags, IReadOnlyList<StoredMessage> messages, IReadOnlyList<ConversationEvent> events, IReadOnlyList<Contact> contacts) => new(
        c.Id, c.BotId, c.Channel, c.Address, Wire.Status(c.State.Status), Wire.Controller(c.State.Controller), c.State.AgentId,
        c.ShopperId, c.ShopperName, c.StartedOnPage, c.HandoverReason.ToDto(), c.EverHandedOver, c.EscalationSuggested.ToDto(), tags,
        messages.Select(m => new MessageDto(m.Id, m.Role.ToWire(), m.Text, m.AgentId, m.Internal, m.DeliveryStatus, m.DeliveryError, m.At, m.LackOfInformation, m.Confidence)).ToList(),
        events.Select(e => new EventDto(e.Verb.ToString(), e.Actor, e.From, e.To, e.Reason.ToDto(), e.Note, e.At)).ToList(),
        contacts.Select(x => new ContactDto(x.Name, x.Email, x.Phone, x.CreatedAt)).ToList(),
        c.Version, c.CreatedAt, c.LastMessageAt);

    public static AgentDto ToDto(this Agent a) => new(a.Id, a.DisplayName, a.IsAdmin ? Roles.Admin : Roles.Agent, a.Online);
}

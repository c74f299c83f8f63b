using System.Net;
using System.Text.Json;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika;

/// <summary><c>/api/experiment</c>: a random condition from the configured number, assigned once and kept.</summary>
public sealed class PapikaExperimentTests
{
    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task TheConditionIsAssignedOnceThenAlwaysTheSame()
    {
        var user = Guid.NewGuid();

        var first = await ConditionAsync(user, PapikaSetup.FiveConditions);
        var later = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ConditionAsync(user, PapikaSetup.FiveConditions)));

        Assert.That(first, Is.InRange(1, 5));
        Assert.That(later, Is.All.EqualTo(first));
    }

    [Test]
    public async Task ConcurrentFirstRequestsForOneUserAndExperimentAgree()
    {
        for (var round = 0; round < 5; round++)
        {
            var user = Guid.NewGuid();

            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ConditionAsync(user, PapikaSetup.FiveConditions)));

            Assert.That(answers.Distinct(), Has.Exactly(1).Items);
        }
    }

    [Test]
    public async Task ConditionsAreDrawnFromOneToTheConfiguredNumber()
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < 60; i++)
        {
            seen.Add(await ConditionAsync(Guid.NewGuid(), PapikaSetup.TwoConditions));
        }

        Assert.That(seen, Is.SubsetOf(new[] { 1, 2 }));
        Assert.That(seen, Has.Count.EqualTo(2), "60 draws from two conditions give both, but for a chance of 2 in 2^60");
    }

    [Test]
    public async Task EachExperimentHasItsOwnAssignmentAndUsersNeedNotBeKnown()
    {
        var user = Guid.NewGuid();

        await ConditionAsync(user, PapikaSetup.TwoConditions);
        await ConditionAsync(user, PapikaSetup.FiveConditions);

        Assert.That(_host.CountPapikaRows("papika_experiment_conditions", $"user_id = '{user:D}'"), Is.EqualTo(2));
        Assert.That(_host.CountPapikaRows("papika_users", $"id = '{user}'"), Is.EqualTo(0), "the original let clients name their own user ids");
    }

    [Test]
    public async Task TheResponseHasExactlyOneColonForTheUnityClient()
    {
        using var response = await _host.PostJsonAsync("/api/experiment", PapikaBodies.NonSession($$"""{"user_id":"{{Guid.NewGuid()}}","experiment_id":"{{PapikaSetup.TwoConditions}}"}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(text, Does.Match("^\\{\"condition\":[12]\\}$"));
        var split = text.Split(':');
        Assert.That(split, Has.Length.EqualTo(2));
        Assert.That(int.Parse(split[1].Replace("}", string.Empty).Trim(), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 2));
    }

    [Test]
    public async Task AnUnknownExperimentIs404AndAssignsNothing()
    {
        var user = Guid.NewGuid();

        using var response = await _host.PostJsonAsync("/api/experiment", PapikaBodies.NonSession($$"""{"user_id":"{{user}}","experiment_id":"{{Guid.NewGuid()}}"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"title":"Not Found","status":404,"detail":"unknown experiment"}"""));
        Assert.That(_host.CountPapikaRows("papika_experiment_conditions", $"user_id = '{user}'"), Is.EqualTo(0));
    }

    [TestCase("""{"experiment_id":"00000000-0000-0000-0000-000000000000"}""", "missing field 'user_id'")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40"}""", "missing field 'experiment_id'")]
    [TestCase("""{"user_id":"me","experiment_id":"00000000-0000-0000-0000-000000000000"}""", "'user_id' is not a UUID")]
    [TestCase("""{"user_id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","experiment_id":0}""", "'experiment_id' must be a UUID string")]
    public async Task AMissingOrBadFieldIs400(string data, string reason)
    {
        using var response = await _host.PostJsonAsync("/api/experiment", PapikaBodies.NonSession(data));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), Is.EqualTo(reason));
    }

    private async Task<int> ConditionAsync(Guid user, string experiment)
    {
        using var response = await _host.PostJsonAsync("/api/experiment", PapikaBodies.NonSession($$"""{"user_id":"{{user}}","experiment_id":"{{experiment}}"}"""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("condition").GetInt32();
    }
}

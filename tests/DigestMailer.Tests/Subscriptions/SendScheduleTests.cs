using DigestMailer.Subscriptions;

namespace DigestMailer.Tests.Subscriptions;

public sealed class SendScheduleTests
{
    static readonly TimeSpan CatchUp = TimeSpan.FromHours(23);
    static readonly DateTimeOffset LongAgo = DateTimeOffset.UnixEpoch;

    static SendSchedule Daily(int hour, string zone = "UTC") => new(Frequency.Daily, DayOfWeek.Monday, hour, zone);

    static DateTimeOffset Utc(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void DueDate_IsToday_OnceTheSendHourHasCome()
    {
        Assert.Equal(new DateOnly(2026, 11, 25), Daily(7).DueDate(Utc("2026-11-25T07:00:00Z"), LongAgo, "2026-11-24", null, CatchUp));
    }

    [Fact]
    public void DueDate_IsNull_BeforeTheSendHour_WhenYesterdaysDigestWentOut()
    {
        Assert.Null(Daily(7).DueDate(Utc("2026-11-25T06:59:00Z"), LongAgo, "2026-11-24", null, CatchUp));
    }

    [Fact]
    public void DueDate_CatchesUpAMissedHourLaterTheSameDay()
    {
        Assert.Equal(new DateOnly(2026, 11, 25), Daily(7).DueDate(Utc("2026-11-25T15:00:00Z"), LongAgo, "2026-11-24", null, CatchUp));
    }

    [Fact]
    public void DueDate_IsNull_OnceToday_sDigestIsInTheLedger()
    {
        Assert.Null(Daily(7).DueDate(Utc("2026-11-25T15:00:00Z"), LongAgo, "2026-11-25", null, CatchUp));
    }

    [Fact]
    public void DueDate_IsToday_WhenTheLedgerHoldsAFutureDate()
    {
        Assert.Equal(new DateOnly(2026, 11, 25), Daily(7).DueDate(Utc("2026-11-25T07:00:00Z"), LongAgo, "9999-12-31", null, CatchUp));
    }

    [Fact]
    public void DueDate_IsNull_ForASlotBeforeTheSubscriberConfirmed()
    {
        Assert.Null(Daily(7).DueDate(Utc("2026-11-25T20:00:00Z"), Utc("2026-11-25T19:00:00Z"), null, null, CatchUp));
        Assert.Equal(new DateOnly(2026, 11, 26), Daily(7).DueDate(Utc("2026-11-26T07:00:00Z"), Utc("2026-11-25T19:00:00Z"), null, null, CatchUp));
    }

    [Fact]
    public void DueDate_FollowsTheLocalHourInTheSubscribersTimeZone()
    {
        var newYork = Daily(8, "America/New_York");

        Assert.Null(newYork.DueDate(Utc("2026-11-25T12:59:00Z"), LongAgo, "2026-11-24", null, CatchUp));
        Assert.Equal(new DateOnly(2026, 11, 25), newYork.DueDate(Utc("2026-11-25T13:00:00Z"), LongAgo, "2026-11-24", null, CatchUp));
    }

    [Fact]
    public void DueDate_KeepsTheLocalHourAcrossTheSpringDaylightSavingChange()
    {
        var newYork = Daily(8, "America/New_York");

        // 8:00 is 13:00 UTC on Saturday 7 March 2026 (EST) and 12:00 UTC on Sunday 8 March (EDT).
        Assert.Equal(new DateOnly(2026, 3, 7), newYork.DueDate(Utc("2026-03-07T13:00:00Z"), LongAgo, "2026-03-06", null, CatchUp));
        Assert.Null(newYork.DueDate(Utc("2026-03-08T11:59:00Z"), LongAgo, "2026-03-07", null, CatchUp));
        Assert.Equal(new DateOnly(2026, 3, 8), newYork.DueDate(Utc("2026-03-08T12:00:00Z"), LongAgo, "2026-03-07", null, CatchUp));
    }

    [Fact]
    public void DueDate_MovesASendHourThatDaylightSavingSkipsAnHourLater()
    {
        // Berlin skips 02:00-03:00 on 29 March 2026; the 2:00 digest goes at 03:00 CEST, 01:00 UTC.
        var berlin = Daily(2, "Europe/Berlin");

        Assert.Null(berlin.DueDate(Utc("2026-03-29T00:59:00Z"), LongAgo, "2026-03-28", null, CatchUp));
        Assert.Equal(new DateOnly(2026, 3, 29), berlin.DueDate(Utc("2026-03-29T01:00:00Z"), LongAgo, "2026-03-28", null, CatchUp));
    }

    [Fact]
    public void DueDate_SendsOnceOnTheAutumnDayWhoseSendHourHappensTwice()
    {
        // New York repeats 01:00-02:00 on 1 November 2026.
        var newYork = Daily(1, "America/New_York");
        var first = newYork.DueDate(Utc("2026-11-01T06:30:00Z"), LongAgo, "2026-10-31", null, CatchUp);

        Assert.Equal(new DateOnly(2026, 11, 1), first);
        Assert.Null(newYork.DueDate(Utc("2026-11-01T07:30:00Z"), LongAgo, "2026-11-01", null, CatchUp));
    }

    [Fact]
    public void DueDate_IsOnlyTheChosenWeekday_ForWeeklyDigests()
    {
        var mondays = new SendSchedule(Frequency.Weekly, DayOfWeek.Monday, 7, "UTC");

        Assert.Equal(new DateOnly(2026, 11, 23), mondays.DueDate(Utc("2026-11-23T07:30:00Z"), LongAgo, "2026-11-16", null, CatchUp));
        Assert.Null(mondays.DueDate(Utc("2026-11-25T07:30:00Z"), LongAgo, "2026-11-16", null, CatchUp));
    }

    [Fact]
    public void DueDate_DatesASlotCaughtUpAfterMidnightToday_SoToday_sSlotSendsNoSecondDigest()
    {
        var caughtUp = Daily(7).DueDate(Utc("2026-11-26T03:00:00Z"), LongAgo, "2026-11-24", null, CatchUp);

        Assert.Equal(new DateOnly(2026, 11, 26), caughtUp);
        Assert.Null(Daily(7).DueDate(Utc("2026-11-26T07:00:00Z"), LongAgo, "2026-11-26", Utc("2026-11-26T03:00:00Z"), CatchUp));
    }

    [Fact]
    public void DueDate_IsNull_WithinTwelveHoursOfTheLastDigest_EvenAfterAChangeOfTimeZone()
    {
        // Sent at 07:00 in Los Angeles (15:00 UTC), then moved to Tokyo, where 07:00 comes at 22:00 UTC.
        var tokyo = Daily(7, "Asia/Tokyo");

        Assert.Null(tokyo.DueDate(Utc("2026-11-25T22:00:00Z"), LongAgo, "2026-11-25", Utc("2026-11-25T15:00:00Z"), CatchUp));
        Assert.Equal(new DateOnly(2026, 11, 27), tokyo.DueDate(Utc("2026-11-26T22:00:00Z"), LongAgo, "2026-11-25", Utc("2026-11-25T15:00:00Z"), CatchUp));
    }

    [Fact]
    public void DueDate_DoesNotSendADayOldSlot_TheNextSlotBringsItsPapers()
    {
        Assert.Null(Daily(7).DueDate(Utc("2026-11-26T06:30:00Z"), LongAgo, "2026-11-24", null, CatchUp));
    }

    [Fact]
    public void NextSlot_IsTodaysSendHour_BeforeIt()
    {
        Assert.Equal(Utc("2026-11-25T07:00:00Z"), Daily(7).NextSlot(Utc("2026-11-25T06:00:00Z"), "2026-11-24", null));
    }

    [Fact]
    public void NextSlot_IsTomorrow_OnceTodaysDigestIsInTheLedger()
    {
        Assert.Equal(Utc("2026-11-26T07:00:00Z"), Daily(7).NextSlot(Utc("2026-11-25T06:00:00Z"), "2026-11-25", Utc("2026-11-25T06:00:00Z")));
    }

    [Fact]
    public void NextSlot_IsTheChosenWeekdayInTheSubscribersZone()
    {
        var fridays = new SendSchedule(Frequency.Weekly, DayOfWeek.Friday, 9, "Europe/Berlin");

        Assert.Equal(Utc("2026-12-04T08:00:00Z"), fridays.NextSlot(Utc("2026-12-03T10:00:00Z"), null, null));
    }

    [Fact]
    public void NextSlot_SkipsASlotWithinTwelveHoursOfTheLastDigest()
    {
        // Sent at 07:00 in Los Angeles (15:00 UTC), then moved to Tokyo, where 07:00 comes at 22:00 UTC.
        var tokyo = Daily(7, "Asia/Tokyo");

        Assert.Equal(Utc("2026-11-26T22:00:00Z"), tokyo.NextSlot(Utc("2026-11-25T16:00:00Z"), "2026-11-25", Utc("2026-11-25T15:00:00Z")));
    }

    [Fact]
    public void NextSlot_MovesAnHourThatDaylightSavingSkipsAnHourLater()
    {
        // 29 March 2026: Berlin's clocks go from 02:00 to 03:00.
        var twoAm = Daily(2, "Europe/Berlin");

        Assert.Equal(Utc("2026-03-29T01:00:00Z"), twoAm.NextSlot(Utc("2026-03-28T12:00:00Z"), "2026-03-28", null));
    }
}

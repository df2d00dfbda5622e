<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<!-- English is the source language: this file only gives the plural forms of the
     sentences with a count (%n), "1 second" / "2 seconds". docs/ui-words.md -->
<context>
    <name>GoodbyeScreen</name>
    <message numerus="yes">
        <location filename="../journey/goodbye.py" line="124"/>
        <source>This screen closes in %n second(s).</source>
        <translation>
            <numerusform>This screen closes in %n second.</numerusform>
            <numerusform>This screen closes in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message numerus="yes">
        <location filename="../main_window.py" line="259"/>
        <source>Are you still there? In %n second(s) this session ends and what you entered is erased.</source>
        <translation>
            <numerusform>Are you still there? In %n second this session ends and what you entered is erased.</numerusform>
            <numerusform>Are you still there? In %n seconds this session ends and what you entered is erased.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="277"/>
        <source>Your card was taken off the reader. Put it back to continue. In %n second(s) this session ends and what you entered is erased.</source>
        <translation>
            <numerusform>Your card was taken off the reader. Put it back to continue. In %n second this session ends and what you entered is erased.</numerusform>
            <numerusform>Your card was taken off the reader. Put it back to continue. In %n seconds this session ends and what you entered is erased.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServiceDoor</name>
    <message numerus="yes">
        <source>Wrong PIN. %n try(s) left before the PIN is locked.</source>
        <translation>
            <numerusform>Wrong PIN. %n try left before the PIN is locked.</numerusform>
            <numerusform>Wrong PIN. %n tries left before the PIN is locked.</numerusform>
        </translation>
    </message>
</context>
</TS>
